// Builds the web app's assets into target/classes/hud-assets (packaged into the cdn):
//  - esbuild bundles and minifies each entry point under a content-hashed name (app-7QXK2M4B.js);
//  - each entry is also copied under its plain name (app.js), served with a short max-age and an ETag;
//  - text files get .gz and .br variants made here, at build time (the cdn serves them as they are);
//  - manifest.json lists every file and maps plain names to hashed ones.
import * as esbuild from 'esbuild';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, join, relative } from 'node:path';

const source = 'src/main/web';
const out = process.argv[2] ?? 'target/classes/hud-assets';
const compressible = /\.(js|css|svg|json|map|html|txt)$/;

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

const result = await esbuild.build({
  entryPoints: ['app.js', 'hud.css', 'sensors.js', 'sensors.css'].map((entry) => join(source, entry)),
  bundle: true,
  minify: true,
  sourcemap: 'linked',
  format: 'esm',
  target: ['es2020'],
  outdir: out,
  entryNames: '[name]-[hash]',
  assetNames: 'images/[name]-[hash]',
  loader: { '.svg': 'file', '.png': 'file', '.jpg': 'file', '.webp': 'file' },
  metafile: true,
  logLevel: 'warning',
});

const entries = {};
for (const [file, output] of Object.entries(result.metafile.outputs)) {
  if (output.entryPoint) {
    const plain = basename(output.entryPoint);
    const hashed = relative(out, file);
    entries[plain] = hashed;
    copyFileSync(file, join(out, plain));
  }
}
// Images are also served under their plain names (e.g. for <link rel="icon">).
mkdirSync(join(out, 'images'), { recursive: true });
for (const image of readdirSync(join(source, 'images'))) {
  copyFileSync(join(source, 'images', image), join(out, 'images', image));
}

const files = [];
function walk(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      walk(path);
    } else {
      files.push(relative(out, path));
    }
  }
}
walk(out);
for (const file of [...files]) {
  if (!compressible.test(file)) continue;
  const content = readFileSync(join(out, file));
  if (content.length < 256) continue;
  const gzip = gzipSync(content, { level: 9 });
  const brotli = brotliCompressSync(content, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } });
  if (gzip.length < content.length) {
    writeFileSync(join(out, file + '.gz'), gzip);
    files.push(file + '.gz');
  }
  if (brotli.length < content.length) {
    writeFileSync(join(out, file + '.br'), brotli);
    files.push(file + '.br');
  }
}
files.push('manifest.json');
files.sort();
writeFileSync(join(out, 'manifest.json'), JSON.stringify({ entries, files }, null, 2));
console.log(`hud-assets: ${files.length} files in ${out}`);
