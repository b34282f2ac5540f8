// Vite imports a stylesheet for its side effect.
declare module '*.css' {}
