"""The figures of docs/fs.md (see figures.py):

    fs-disk.svg    the disk's layout and a struct File, from inc/fs.h
    fs-read.svg    the life of a read(), from lib/fd.c to the disk and
                   back, as a sequence diagram
"""

import os
import re

from svg import EMPTY, FAINT, KERNEL, USER_RO, USER_RW, Svg, \
    header_constants, sequence, source

CLIENT, FS_KERNEL, SERVER = 0, 1, 2
FS_LANES = ["client env  (lib/fd.c, lib/file.c)",
            "kernel  (kern/syscall.c, kern/ipc.c)",
            "file server  (fs/serv.c, fs/*.c)"]

FS_READ_STEPS = [
    (None, None, "read(fd, buf, n)", ""),
    (CLIENT, CLIENT, "fd_lookup: the Fd page at FDTABLE + fd * PGSIZE", ""),
    (CLIENT, CLIENT, "dev_lookup('f') = devfile; mode is not O_WRONLY", ""),
    (CLIENT, CLIENT, "devfile_read: fsipcbuf.read = { fd_file.id, n }", ""),
    (CLIENT, FS_KERNEL, "sys_ipc_send(server, FSREQ_READ, &fsipcbuf, "
     "P|W|U)", "blocks until the server receives"),
    (FS_KERNEL, SERVER, "fsipcbuf's page mapped at 0x0FFFF000",
     "the server was blocked in ipc_recv"),
    (SERVER, SERVER, "serve: copy the request; openfile_lookup(id)", ""),
    (SERVER, SERVER, "id stale (pageref(Fd) == 1)? -E_INVAL", ""),
    (SERVER, SERVER, "file_read at the offset in the shared Fd page", ""),
    (SERVER, SERVER, "file_block_walk: f_direct[i], or the indirect block",
     ""),
    (None, None, "the block is not cached yet", ""),
    (SERVER, FS_KERNEL, "page fault at DISKMAP + blockno * BLKSIZE",
     "T_PGFLT -> the server's upcall"),
    (FS_KERNEL, SERVER, "bc_pgfault on the exception stack", ""),
    (SERVER, FS_KERNEL, "sys_page_alloc(0, block's va)", ""),
    (SERVER, SERVER, "ide_read: 8 sectors by PIO (in/out: IOPL 3)", ""),
    (SERVER, FS_KERNEL, "sys_page_map(va, va): dirty bit cleared", ""),
    (SERVER, SERVER, "the faulting copy resumes into ret_buf", ""),
    (None, None, "the answer", ""),
    (SERVER, SERVER, "fd_offset += count, in the shared Fd page", ""),
    (SERVER, FS_KERNEL, "sys_ipc_try_send(client, count)",
     "the bytes are already in the client's page"),
    (FS_KERNEL, CLIENT, "ipc_recv returns count", ""),
    (SERVER, FS_KERNEL, "sys_page_unmap(0x0FFFF000); ipc_recv", ""),
    (CLIENT, CLIENT, "memmove(buf, fsipcbuf.readRet.ret_buf, count)", ""),
]


def check_fs_read_steps():
    """The functions the read figure names exist where it says."""
    for path, names in [("lib/fd.c", ["fd_lookup", "dev_lookup"]),
                        ("lib/file.c", ["devfile_read", "fsipcbuf"]),
                        ("fs/serv.c", ["openfile_lookup", "serve_read"]),
                        ("fs/file.c", ["file_read", "file_block_walk"]),
                        ("fs/bc.c", ["bc_pgfault", "mark_clean"]),
                        ("fs/ide.c", ["ide_read"])]:
        text = source(path)
        for name in names:
            if not re.search(r"\b%s\b" % name, text):
                raise ValueError("%s has no %s: update the read figure"
                                 % (path, name))


def fs_read_sequence(out):
    """A file read as a sequence diagram."""
    check_fs_read_steps()
    sequence(os.path.join(out, "fs-read.svg"),
             "The life of a read(): the client, the kernel's IPC, "
             "the server and the disk", FS_LANES, FS_READ_STEPS)


def fs_disk(out):
    """The disk's layout and one struct File, from inc/fs.h."""
    value = header_constants("inc/mmu.h", "inc/fs.h")
    blksize, ndirect = value("BLKSIZE"), value("NDIRECT")
    nindirect, namelen = value("NINDIRECT"), value("MAXNAMELEN")
    svg = Svg(1100, 330)
    svg.text(550, 30, "The disk (obj/fs/fs.img): blocks of %d bytes"
             % blksize, 18, "middle", bold=True)
    blocks = [("0", "unused", 70, EMPTY), ("1", "superblock", 120, KERNEL),
              ("2", "bitmap (1 = free)", 150, KERNEL),
              ("3 ...", "file data, in fsformat's order", 330, USER_RW),
              ("", "root directory", 140, USER_RO),
              ("", "free", 220, EMPTY)]
    x = 30
    for num, label, w, fill in blocks:
        svg.rect(x, 60, w, 50, fill, dashed=(fill == EMPTY))
        svg.text(x + w / 2, 90, label, 12, "middle")
        svg.text(x + 4, 126, num, 11, mono=True, color=FAINT)
        x += w
    svg.text(30, 150, "superblock: s_magic FS_MAGIC, s_nblocks, s_root "
             "(the root directory's struct File)", 12)

    svg.text(30, 190, "struct File (256 bytes, a directory entry):", 13,
             bold=True)
    fields = [("f_name[%d]" % namelen, 200), ("f_size", 80),
              ("f_type", 80), ("f_direct[%d]" % ndirect, 300),
              ("f_indirect", 110), ("f_pad", 150)]
    x = 30
    for name, w in fields:
        svg.rect(x, 205, w, 34, USER_RO)
        svg.text(x + w / 2, 227, name, 11, "middle", mono=True)
        x += w
    svg.path("M 540 239 C 540 270, 500 270, 480 288")
    svg.text(475, 296, "data blocks 0 .. %d" % (ndirect - 1), 11, "end")
    svg.path("M 745 239 C 745 270, 760 270, 770 288")
    svg.text(700, 300, "a block of %d block numbers: data blocks %d .. %d"
             % (nindirect, ndirect, ndirect + nindirect - 1), 11)
    svg.text(30, 320, "A directory's blocks are arrays of %d struct File; "
             "block number 0 means no block." % (blksize // 256), 12)
    svg.write(os.path.join(out, "fs-disk.svg"))


def draw(out):
    fs_read_sequence(out)
    fs_disk(out)
