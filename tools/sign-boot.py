#!/usr/bin/env python3
"""Turn the boot loader's flat binary into a bootable disk sector.

Usage: sign-boot.py BOOT.bin OUT

The BIOS loads sector 0 and boots it only if it ends with the bytes
0x55 0xAA, so the code gets at most 510 bytes.  Writes OUT as the code
padded with zeros to 510 bytes plus that signature, or fails, writing
nothing, if the code is too big.
"""

import sys

SECTOR = 512
SIGNATURE = b"\x55\xaa"


def main(argv):
    if len(argv) != 3:
        sys.exit("usage: sign-boot.py BOOT.bin OUT")
    with open(argv[1], "rb") as f:
        code = f.read()
    room = SECTOR - len(SIGNATURE)
    if len(code) > room:
        sys.exit("sign-boot.py: %s is %d bytes, %d more than the %d that "
                 "fit in a boot sector" % (argv[1], len(code),
                                            len(code) - room, room))
    with open(argv[2], "wb") as f:
        f.write(code.ljust(room, b"\0") + SIGNATURE)


if __name__ == "__main__":
    main(sys.argv)
