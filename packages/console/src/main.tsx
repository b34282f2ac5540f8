import { render } from 'preact';
import { App } from './app.tsx';
import { savedLang, saveLang } from './i18n.ts';
import './style.css';

saveLang(savedLang());
render(<App />, document.getElementById('app')!);
