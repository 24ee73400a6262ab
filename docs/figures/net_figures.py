"""The figures of docs/e1000.md and docs/network.md (see figures.py):

    e1000-rings.svg   the e1000's transmit and receive descriptor rings:
                      head, tail, and which descriptors the card owns,
                      with the ring sizes of kern/e1000.h
    ns-request.svg    a send() from httpd to the wire and the answer
                      back: the envs, the IPCs and the system calls
"""

import os

from svg import EMPTY, FAINT, KERNEL, USER_RW, Svg, header_constants

CELLS = 16                      # descriptors drawn per ring
CELL = 52
LEFT = 60
CARD = KERNEL                   # owned by the card
FULL = USER_RW                  # a frame the kernel has not taken yet

# Each ring as drawn: its name, the registers, the head and tail drawn,
# which cells the card owns, and the lines under it.
RINGS = [
    ("Transmit ring (E1000_NTX = %d descriptors)", "TDH", "TDT", 4, 10,
     lambda i: 4 <= i < 10, None,
     ["The kernel fills the descriptor at TDT (DD set: the card is done "
      "with it) and moves TDT on;",
      "the card sends from TDH up to TDT and sets DD in each (RS asked "
      "for it). TDH == TDT: nothing to send.",
      "e1000_transmit finds DD clear at TDT: the ring is full, -E_AGAIN."]),
    ("Receive ring (E1000_NRX = %d descriptors)", "RDH", "RDT", 7, 2,
     lambda i: i >= 7 or i < 2, lambda i: 3 <= i < 7,
     ["The card fills empty buffers from RDH up to, not including, RDT, "
      "and sets DD in each;",
      "the kernel takes the one after RDT if DD is set, copies the frame "
      "out, clears DD and makes it RDT.",
      "RDH == RDT: the card has no buffer left and drops what arrives "
      "(QEMU counts it in MPC)."]),
]


def ring(svg, top, title, size, head_name, tail_name, head, tail, card,
         full, notes):
    svg.text(LEFT, top, title % size, 14, bold=True)
    y = top + 60
    for i in range(CELLS):
        x = LEFT + i * CELL
        owned = card(i)
        fill = CARD if owned else (FULL if full and full(i) else EMPTY)
        svg.rect(x, y, CELL, 40, fill, dashed=not owned and fill == EMPTY)
        svg.text(x + CELL / 2, y + 25, str(i), 11, "middle", mono=True,
                 color=FAINT)
    svg.text(LEFT + CELLS * CELL + 12, y + 25, "... %d, then 0" % (size - 1),
             11, color=FAINT)
    for name, at, below in ((head_name, head, False), (tail_name, tail, True)):
        x = LEFT + at * CELL + CELL / 2
        if below:
            svg.line(x, y + 75, x, y + 42, arrow=True)
            svg.text(x, y + 90, name, 12, "middle", mono=True, bold=True)
        else:
            svg.line(x, y - 28, x, y - 2, arrow=True)
            svg.text(x, y - 32, name, 12, "middle", mono=True, bold=True)
    for j, note in enumerate(notes):
        svg.text(LEFT, y + 115 + 18 * j, note, 12)


def e1000_rings(out):
    value = header_constants("kern/e1000.h")
    svg = Svg(1080, 600)
    svg.text(540, 30, "The e1000's descriptor rings (kern/e1000.c): "
             "16-byte descriptors, each with a 2048-byte buffer", 16,
             "middle", bold=True)
    sizes = [value("E1000_NTX"), value("E1000_NRX")]
    for k, (title, hname, tname, head, tail, card, full, notes) in \
            enumerate(RINGS):
        ring(svg, 75 + 255 * k, title, sizes[k], hname, tname, head, tail,
             card, full, notes)
    x = LEFT
    for fill, label in ((CARD, "owned by the card"),
                        (FULL, "a received frame, not yet taken"),
                        (EMPTY, "the kernel's (free)")):
        svg.rect(x, 570, 22, 16, fill, dashed=fill == EMPTY)
        svg.text(x + 30, 583, label, 12)
        x += 260
    svg.write(os.path.join(out, "e1000-rings.svg"))


# The columns of ns-request.svg: who, and what runs there.
LANES = [("httpd", "user/httpd.c, lib/sockets.c, lib/nsipc.c", USER_RW),
         ("ns", "net/serv.c, net/tcpsock.c, lwIP, net/jif.c", USER_RW),
         ("ns_output", "net/output.c", USER_RW),
         ("kernel", "kern/syscall.c, kern/e1000.c", KERNEL),
         ("wire", "QEMU's e1000, user network", EMPTY)]
LANE = 210

# Its steps: from lane, to lane, the label over the arrow.
STEPS = [
    (0, 1, "1. write(fd) -> nsipc_send: NSREQ_SEND, request page (IPC)"),
    (1, 1, "2. serve_request: tcp_write (copied), tcp_output"),
    (1, 1, "3. etharp_output -> jif_linkoutput: frame in a fresh page"),
    (1, 2, "4. NSREQ_OUTPUT, the frame's page (IPC)"),
    (2, 3, "5. sys_net_try_send: copy into the TX ring, TDT++"),
    (3, 4, "6. the card sends it"),
    (1, 0, "7. the answer: bytes queued (IPC value; page unmapped)"),
    (4, 3, "8. the peer's ACK: RX ring"),
    (3, 1, "9. ns_input: sys_net_try_recv, NSREQ_INPUT to ns"),
    (1, 1, "10. lwIP: on_sent -> sock_retry answers a parked SEND"),
]


def ns_request(out):
    svg = Svg(LANE * len(LANES) + 40, 150 + 44 * len(STEPS))
    svg.text(svg.width / 2, 30, "A send() from httpd to the wire "
             "(docs/network.md)", 16, "middle", bold=True)
    for i, (name, code, fill) in enumerate(LANES):
        x = 20 + i * LANE
        svg.rect(x + 10, 50, LANE - 20, 50, fill)
        svg.text(x + LANE / 2, 72, name, 14, "middle", bold=True)
        svg.text(x + LANE / 2, 90, code, 9, "middle", color=FAINT)
        svg.line(x + LANE / 2, 100, x + LANE / 2, svg.height - 20,
                 dashed=True, color=FAINT)
    for k, (src, dst, label) in enumerate(STEPS):
        y = 140 + 44 * k
        x1 = 20 + src * LANE + LANE / 2
        x2 = 20 + dst * LANE + LANE / 2
        if src == dst:
            svg.rect(x1 - 6, y - 8, 12, 16, FULL)
            svg.text(x1 + 14, y + 5, label, 11)
        else:
            svg.line(x1, y, x2, y, arrow=True)
            svg.text(min(x1, x2) + 8, y - 6, label, 11)
    svg.write(os.path.join(out, "ns-request.svg"))


def draw(out):
    e1000_rings(out)
    ns_request(out)
