#!/usr/bin/env python3
"""Rewrites the <Compile Include> list of every .nfproj from the .cs files on disk.

The nanoFramework project system does not glob: a .cs file missing from its .nfproj is a device build
break nobody on Linux would see. Run this after adding or removing portable files; the host test
NfprojCompileListMatchesDisk fails until the lists agree.
Usage: python3 tools/nfproj-sync.py [--check]
"""
import os, re, sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BEGIN = "  <ItemGroup Label=\"Compile\">"

def cs_files(project_dir):
    found = []
    for dirpath, dirnames, filenames in os.walk(project_dir):
        dirnames[:] = sorted(d for d in dirnames if d not in ("bin", "obj"))
        for f in filenames:
            if f.endswith(".cs"):
                rel = os.path.relpath(os.path.join(dirpath, f), project_dir)
                found.append(rel.replace("/", "\\"))
    return sorted(found, key=lambda s: s.lower())

def sync(path, check):
    text = open(path, encoding="utf-8").read()
    m = re.search(r'  <ItemGroup Label="Compile">\n.*?  </ItemGroup>\n', text, re.S)
    if not m:
        raise SystemExit(f"{path}: no <ItemGroup Label=\"Compile\"> block")
    items = "".join(f'    <Compile Include="{f}" />\n' for f in cs_files(os.path.dirname(path)))
    block = BEGIN + "\n" + items + "  </ItemGroup>\n"
    if block == m.group(0):
        return False
    if check:
        print(f"{os.path.relpath(path, ROOT)}: compile list differs from disk")
        return True
    open(path, "w", encoding="utf-8").write(text[:m.start()] + block + text[m.end():])
    print(f"updated {os.path.relpath(path, ROOT)}")
    return True

def main():
    check = "--check" in sys.argv
    changed = False
    for dirpath, dirnames, filenames in os.walk(ROOT):
        dirnames[:] = [d for d in dirnames if d not in ("bin", "obj", ".git", "packages", "node_modules")]
        for f in filenames:
            if f.endswith(".nfproj"):
                changed |= sync(os.path.join(dirpath, f), check)
    sys.exit(1 if (check and changed) else 0)

if __name__ == "__main__":
    main()
