#!/usr/bin/env python3
"""fsck for JOS file-system images: check that a disk is consistent.

    python3 tools/fsck.py obj/fs/fs.img [--leaks-ok]

Walks the tree from the superblock's root and checks what the file
server promises at every instant (docs/fs.md, "Crash consistency"):

  - every block a file names is a data block of the disk (not 0, 1, the
    bitmap or past the end) and is named once, by one file;
  - the bitmap marks every named block used, and every other block free
    (--leaks-ok: a block marked used that nothing names is allowed, as a
    power cut may leave one until the server's next start-up);
  - sizes fit: 0 <= size <= the largest file, no block named past a
    file's size, a directory's size a whole number of blocks.  (Bytes
    past a file's size in its last block may be what it wrote before a
    cut: the server zeroes them before the file grows.)

Prints each problem and exits 1 if there is one.  As a module, check()
also returns the contents of every regular file by path.
"""

import argparse
import struct
import sys

BLKSIZE = 4096
NDIRECT = 10
NINDIRECT = BLKSIZE // 4
MAXFILESIZE = (NDIRECT + NINDIRECT) * BLKSIZE
FS_MAGIC = 0x4A0530AE
FTYPE_DIR = 1
FILE_SIZE = 256


class File:
    """A struct File: name, size, type, direct blocks, indirect block."""

    def __init__(self, raw):
        name, self.size, self.type = struct.unpack_from("<128siI", raw)
        self.name = name.split(b"\0")[0].decode("latin-1")
        self.direct = list(struct.unpack_from("<10I", raw, 136))
        self.indirect = struct.unpack_from("<I", raw, 176)[0]


def check(image, leaks_ok=False):
    """Check the image (bytes).  Returns (problems, files): a list of
    strings, and {path: contents} of every regular file."""
    problems = []
    files = {}

    def block(b):
        return image[b * BLKSIZE:(b + 1) * BLKSIZE]

    magic, nblocks = struct.unpack_from("<II", block(1))
    if magic != FS_MAGIC:
        return ["bad magic number %08x" % magic], files
    if nblocks * BLKSIZE > len(image):
        return ["%d blocks, but the image holds %d" %
                (nblocks, len(image) // BLKSIZE)], files
    nbitmap = (nblocks + BLKSIZE * 8 - 1) // (BLKSIZE * 8)
    first_data = 2 + nbitmap
    bitmap = image[2 * BLKSIZE:(2 + nbitmap) * BLKSIZE]
    owner = {}

    def is_free(b):
        return bool(bitmap[b // 8] & (1 << (b % 8)))

    def name_block(b, path, what):
        if b < first_data or b >= nblocks:
            problems.append("%s: %s is block %d, not a data block" %
                            (path, what, b))
            return False
        if b in owner:
            problems.append("%s: %s is block %d, which %s names too" %
                            (path, what, b, owner[b]))
            return False
        owner[b] = path
        if is_free(b):
            problems.append("%s: %s is block %d, marked free" %
                            (path, what, b))
        return True

    def walk(f, path):
        if f.size < 0 or f.size > MAXFILESIZE:
            problems.append("%s: size %d" % (path, f.size))
            return
        nblk = (f.size + BLKSIZE - 1) // BLKSIZE
        slots = list(f.direct)
        if f.indirect:
            if nblk <= NDIRECT:
                problems.append("%s: an indirect block at size %d" %
                                (path, f.size))
            if name_block(f.indirect, path, "the indirect block"):
                slots += list(struct.unpack_from("<%dI" % NINDIRECT,
                                                 block(f.indirect)))
        data = bytearray()
        for i, b in enumerate(slots):
            if b == 0:
                data += bytes(BLKSIZE)
                continue
            if i >= nblk:
                problems.append("%s: block %d named past size %d" %
                                (path, i, f.size))
            if not name_block(b, path, "block %d" % i):
                data += bytes(BLKSIZE)
                continue
            data += block(b)
        if f.type != FTYPE_DIR:
            files[path] = bytes(data[:f.size])
            return
        if f.size % BLKSIZE:
            problems.append("%s: a directory of size %d" % (path, f.size))
        for off in range(0, f.size - f.size % BLKSIZE, FILE_SIZE):
            g = File(data[off:off + FILE_SIZE])
            if g.name:
                walk(g, path.rstrip("/") + "/" + g.name)

    walk(File(block(1)[8:8 + FILE_SIZE]), "/")
    leaks = [b for b in range(first_data, nblocks)
             if not is_free(b) and b not in owner]
    if leaks and not leaks_ok:
        problems.append("%d blocks marked used that no file names: %s" %
                        (len(leaks), leaks[:10]))
    for b in range(first_data):
        if is_free(b):
            problems.append("block %d (superblock or bitmap) marked free" % b)
    return problems, files


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("image")
    ap.add_argument("--leaks-ok", action="store_true",
                    help="allow blocks marked used that no file names")
    args = ap.parse_args()
    with open(args.image, "rb") as f:
        problems, files = check(f.read(), args.leaks_ok)
    for p in problems:
        print(p)
    print("%s: %d files, %s" % (args.image, len(files),
                                "%d problems" % len(problems)
                                if problems else "consistent"))
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
