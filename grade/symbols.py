"""Kernel symbol tables: the `nm -n` listings the build writes next to
each kernel (obj/kern/kernel.sym and the like)."""

KERNEL_SYM = "obj/kern/kernel.sym"


def read_symbols(path):
    """Read an `nm -n` listing into a dict of name -> address."""
    symbols = {}
    with open(path) as f:
        for line in f:
            fields = line.split()
            if len(fields) == 3:
                symbols[fields[2]] = int(fields[0], 16)
    return symbols


def kernel_symbol(name, path=KERNEL_SYM):
    """The address of name in the kernel's symbol table (AssertionError,
    a classic test failure, if it has none)."""
    address = read_symbols(path).get(name)
    if address is None:
        raise AssertionError("no symbol %s in %s" % (name, path))
    return address
