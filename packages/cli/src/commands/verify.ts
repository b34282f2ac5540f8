import { readFile } from 'node:fs/promises';
import {
  type BundleVerification,
  manifestLines,
  type ReferralDocuments,
  verifyBundle,
} from '@landcase/audit';
import { sha256Of } from '@landcase/service-kit';
import type { Command } from 'commander';
import { type Done, EXIT } from '../exit-codes.ts';

/** What `landcase verify` prints for a result; the exit status is 0 only when the bundle is valid. */
function describeVerification(result: BundleVerification, file: string): string {
  if (result.valid) {
    const checked = result.wholeLedger
      ? `valid: ${file}: the whole ledger, ${result.checked} entries${result.chains !== undefined ? ` in ${result.chains} chains` : ''}, chained, their Merkle root recomputed and equal to the signed tree head's`
      : `valid: ${file}: ${result.checked} entries chained and included in the ledger tree of ${result.treeSize} entries`;
    if (result.keyPinned) return `${checked}\nsigned by the pinned key ${result.keyId}\n`;
    // The bundle's own key proves only that the file agrees with itself: whoever rewrote the
    // entries could have re-signed the head with a key of their own and put it in the file.
    return (
      `${checked}\n` +
      `SIGNER UNVERIFIED: the tree head verifies only with the key inside the bundle (${result.keyId}), ` +
      'which shows the file is consistent with itself, not who signed it. Pin the key the ledger ' +
      'publishes (publicKey of GET /audit/tree-head, kept from a source you trust) with --key <public-key.pem>.\n'
    );
  }
  if (result.failed === 'entry') {
    if (result.wholeLedger && result.firstBadPosition === undefined)
      return `INVALID: ${file}: the whole ledger (${result.checked} entries): ${result.reason}\n`;
    const where = result.firstBadPosition !== undefined ? ` at position ${result.firstBadPosition}` : '';
    const of = result.wholeLedger ? 'of the ledger' : 'of the case';
    return `INVALID: ${file}: first bad entry${where} (entry ${result.checked} ${of}): ${result.reason}\n`;
  }
  return `INVALID: ${file}: ${result.failed === 'tree-head' ? 'tree head' : 'bundle'}: ${result.reason}\n`;
}

/**
 * Each file given, checked against the documents the (valid) bundle lists: the referral, kind and
 * name it was attached as, or that it is not among them. True when every file is listed.
 */
async function checkDocuments(
  manifest: readonly ReferralDocuments[],
  files: readonly string[],
): Promise<boolean> {
  let all = true;
  for (const file of files) {
    let sha256: string;
    try {
      sha256 = sha256Of(await readFile(file));
    } catch (error) {
      process.stdout.write(
        `NOT CHECKED: ${file}: cannot be read (${error instanceof Error ? error.message : String(error)})\n`,
      );
      all = false;
      continue;
    }
    const matches = manifest.flatMap((r) =>
      r.documents
        .filter((d) => d.sha256 === sha256)
        .map((d) => `referral ${r.referralId} ${d.kind} "${d.name}"`),
    );
    if (matches.length > 0)
      process.stdout.write(`matches: ${file}: sha256=${sha256} is ${matches.join('; ')}\n`);
    else {
      process.stdout.write(`NOT IN THE BUNDLE: ${file}: sha256=${sha256} is no document the bundle lists\n`);
      all = false;
    }
  }
  return all;
}

/**
 * Checks the bundle in `file`, pinned to the public key in `keyFile` when given, and each of
 * `documents` against the hashes it lists; the exit status.
 */
export async function verifyCommand(
  file: string,
  keyFile?: string,
  documents: readonly string[] = [],
): Promise<number> {
  let bundle: unknown;
  try {
    bundle = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    process.stdout.write(
      `INVALID: ${file}: not a readable JSON file (${error instanceof Error ? error.message : String(error)})\n`,
    );
    return EXIT.failed;
  }
  let publicKey: string | undefined;
  if (keyFile !== undefined) {
    try {
      publicKey = await readFile(keyFile, 'utf8');
    } catch (error) {
      process.stderr.write(
        `cannot read the key ${keyFile}: ${error instanceof Error ? error.message : String(error)}\n`,
      );
      return EXIT.usage;
    }
  }
  const result = verifyBundle(bundle, publicKey !== undefined ? { publicKey } : {});
  process.stdout.write(describeVerification(result, file));
  if (!result.valid) return EXIT.failed;
  // A valid bundle's documents list is what its chained events attach: print it, check the files.
  const manifest = ((bundle as { documents?: ReferralDocuments[] }).documents ?? []) as ReferralDocuments[];
  const lines = manifestLines(manifest);
  if (lines.length > 0) process.stdout.write(`documents:\n${lines.join('\n')}\n`);
  return (await checkDocuments(manifest, documents)) ? EXIT.ok : EXIT.failed;
}

export function registerVerify(program: Command, done: Done): void {
  program
    .command('verify')
    .summary('check an audit export offline')
    .description(
      "Check a case's audit export (GET /audit/cases/{id}/export) offline: the signed tree head, then each " +
        "entry's hash chain and its inclusion in the ledger tree. A file holding the whole ledger " +
        '(landcase-ledger-bundle-v1) is checked by recomputing its Merkle root once over every entry. ' +
        "Names the first bad entry, lists the documents of the case's referrals with their SHA-256, and " +
        'checks files given with --document against them. Exit status 0 when the bundle is valid (and every ' +
        'file given is listed), 1 otherwise (or when it is not a readable JSON file).',
    )
    .argument('<bundle>', 'the exported JSON file')
    .option(
      '--key <file>',
      "the ledger's public key (PEM) to pin the tree head to, from GET /audit/tree-head",
    )
    .option(
      '--document <files...>',
      'files given as documents of the case (a referral letter, a report): each must hash to a document the bundle lists',
    )
    .action(async (file: string, options: { key?: string; document?: string[] }) => {
      done(await verifyCommand(file, options.key, options.document ?? []));
    });
}
