export { fromHex, toHex } from './hex.ts';
export {
  type ConsistencyClaim,
  consistencyProof,
  type InclusionClaim,
  inclusionProof,
  verifyConsistency,
  verifyInclusion,
} from './proofs.ts';
export { MerkleRootBuilder } from './root-builder.ts';
export {
  EMPTY_ROOT_HEX,
  emptyRoot,
  equalBytes,
  HASH_SIZE,
  leafHash,
  nodeHash,
  rootFromLeafHashes,
  rootHash,
} from './tree-hash.ts';
export {
  type Ed25519KeyPair,
  exportPublicKeyPem,
  isRfc3339,
  keyId,
  loadEd25519KeyPair,
  loadEd25519PublicKey,
  type SignedTreeHead,
  signTreeHead,
  TREE_HEAD_FORMAT,
  type TreeHead,
  treeHeadBytes,
  verifyTreeHead,
} from './tree-head.ts';
