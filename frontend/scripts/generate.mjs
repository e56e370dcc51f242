// Generates the API types from the backend's OpenAPI schema.
//   node scripts/generate.mjs          writes openapi.json and src/api/schema.d.ts
//   node scripts/generate.mjs --check  exits 1 when the committed files are stale
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const python = resolve(root, '../.venv/bin/python');
const dump =
  'import json; from api.main import create_app; ' +
  'print(json.dumps(create_app().openapi(), indent=2, ensure_ascii=False))';
const targets = { schema: join(root, 'openapi.json'), types: join(root, 'src/api/schema.d.ts') };

function generate(outDir) {
  const schema = join(outDir, 'openapi.json');
  const types = join(outDir, 'schema.d.ts');
  writeFileSync(schema, execFileSync(python, ['-c', dump], { cwd: root, encoding: 'utf8' }));
  execFileSync(join(root, 'node_modules/.bin/openapi-typescript'), [schema, '-o', types], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  return { schema, types };
}

const read = (path) => {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
};

const check = process.argv.includes('--check');
const outDir = mkdtempSync(join(tmpdir(), 'kipni-openapi-'));
try {
  const fresh = generate(outDir);
  const stale = Object.keys(targets).filter((key) => read(targets[key]) !== read(fresh[key]));
  if (check) {
    if (stale.length) {
      console.error(`Stale generated files: ${stale.map((k) => targets[k]).join(', ')}. Run \`npm run generate\`.`);
      process.exit(1);
    }
    console.log('Generated API files are up to date.');
  } else {
    for (const key of Object.keys(targets)) writeFileSync(targets[key], read(fresh[key]));
    console.log(`Wrote ${targets.schema} and ${targets.types}.`);
  }
} finally {
  rmSync(outDir, { recursive: true, force: true });
}
