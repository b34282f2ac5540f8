/** Exit statuses: what a script calling `landcase` can rely on. */
export const EXIT = {
  /** Done, and the answer is yes (a bundle verified, a token minted). */
  ok: 0,
  /** The command ran and failed or said no: an invalid bundle, a request the server refused. */
  failed: 1,
  /** Wrong usage: an unknown command or option, a missing or malformed argument. */
  usage: 2,
} as const;

/** A command reports its outcome through this: the status `runCli` resolves to. */
export type Done = (code: number) => void;
