#!/usr/bin/env bash
# infra/deploy.sh <detection|enforcement|referral|remediation|audit|cli> <dir>
#
# Makes <dir> a directory that runs with plain `node dist/main.mjs`: the bundles of `pnpm build`
# (from $DIST, default the package's dist/) and node_modules with the production dependencies of
# that package and of the workspace packages it uses, at the versions pnpm-lock.yaml pins, laid
# out flat (node-linker=hoisted) so that the imports the bundles leave (infra/build.ts, EXTERNAL)
# resolve from dist/. No dev dependency, no TypeScript, no tsx. The Dockerfile runs this in its
# build stage; infra/deploy.e2e.test.ts runs it and starts the result.
set -euo pipefail

usage() {
  echo 'usage: infra/deploy.sh <detection|enforcement|referral|remediation|audit|cli> <dir>' >&2
  exit 2
}
[[ $# == 2 ]] || usage
name=$1
out=$2
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
case $name in
  detection | enforcement | referral | remediation | audit) package=services/$name ;;
  cli) package=packages/cli ;;
  *) usage ;;
esac
dist=${DIST:-$root/$package/dist}
[[ -f $dist/main.mjs ]] || {
  echo "no $dist/main.mjs: run \`pnpm build $name\` first" >&2
  exit 1
}
[[ ! -e $out || -z $(ls -A "$out") ]] || {
  echo "$out is not empty" >&2
  exit 1
}

# The install needs the manifests only: the lockfile, the workspace and every package.json.
stage=$(mktemp -d "${TMPDIR:-/tmp}/landcase-deploy.XXXXXX")
trap 'rm -rf "$stage"' EXIT
cp "$root"/{package.json,pnpm-lock.yaml,pnpm-workspace.yaml,.npmrc} "$stage"/
for manifest in "$root"/packages/*/package.json "$root"/services/*/package.json; do
  relative=${manifest#"$root"/}
  mkdir -p "$stage/$(dirname "$relative")"
  cp "$manifest" "$stage/$relative"
done
(
  cd "$stage"
  pnpm install --prod --frozen-lockfile --prefer-offline --config.node-linker=hoisted \
    --filter "$(node -p "require('./$package/package.json').name")..." --reporter=silent
)

mkdir -p "$out"
mv "$stage/node_modules" "$out/node_modules"
cp -R "$dist" "$out/dist"
node -e '
  const pkg = require(process.argv[1]);
  const out = { name: pkg.name, version: pkg.version, private: true, type: "module" };
  require("node:fs").writeFileSync(process.argv[2], `${JSON.stringify(out, null, 2)}\n`);
' "$root/$package/package.json" "$out/package.json"
echo "$out: $(basename "$dist")/ and the production dependencies of $package"
