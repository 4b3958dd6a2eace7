/* SPDX-License-Identifier: MIT */
/* Terminal ABI: the kernel's struct termios/termios2 and winsize, and their flags (asm-generic/termbits.h). */
#ifndef ABI_TERMIOS_H
#define ABI_TERMIOS_H
#include <stdint.h>

#define LINUX_NCCS 19
struct linux_termios2 {
	uint32_t c_iflag, c_oflag, c_cflag, c_lflag;
	uint8_t c_line;
	uint8_t c_cc[LINUX_NCCS];
	uint32_t c_ispeed, c_ospeed; /* termios2 only: struct termios is the first 36 bytes */
};

struct linux_winsize {
	uint16_t ws_row, ws_col, ws_xpixel, ws_ypixel;
};

/* c_cc indices. */
#define VINTR_ 0
#define VQUIT_ 1
#define VERASE_ 2
#define VKILL_ 3
#define VEOF_ 4
#define VTIME_ 5
#define VMIN_ 6
#define VSTART_ 8
#define VSTOP_ 9
#define VSUSP_ 10
#define VEOL_ 11
#define VREPRINT_ 12
#define VWERASE_ 14
#define VLNEXT_ 15
#define VEOL2_ 16

/* c_iflag */
#define TI_PARMRK 0010
#define TI_ISTRIP 0040
#define TI_INLCR 0100
#define TI_IGNCR 0200
#define TI_ICRNL 0400
#define TI_IUCLC 01000
#define TI_IXON 02000
#define TI_IXANY 04000
#define TI_IMAXBEL 020000
#define TI_IUTF8 040000
/* c_oflag */
#define TO_OPOST 01
#define TO_OLCUC 02
#define TO_ONLCR 04
#define TO_OCRNL 010
#define TO_ONOCR 020
#define TO_ONLRET 040
#define TO_TABDLY 014000
#define TO_XTABS 014000
/* c_cflag */
#define TC_CBAUD 010017
#define TC_B38400 017
#define TC_BOTHER 010000
#define TC_CSIZE 060
#define TC_CS8 060
#define TC_PARENB 0400
#define TC_CREAD 0200
#define TC_HUPCL 02000
#define TC_CIBAUD 002003600000
/* c_lflag */
#define TL_ISIG 01
#define TL_ICANON 02
#define TL_ECHO 010
#define TL_ECHOE 020
#define TL_ECHOK 040
#define TL_ECHONL 0100
#define TL_NOFLSH 0200
#define TL_TOSTOP 0400
#define TL_ECHOCTL 01000
#define TL_ECHOPRT 02000
#define TL_ECHOKE 04000
#define TL_IEXTEN 0100000

/* TCFLSH, TCXONC arguments. */
#define LINUX_TCIFLUSH 0
#define LINUX_TCOFLUSH 1
#define LINUX_TCIOFLUSH 2
#define LINUX_TCOOFF 0
#define LINUX_TCOON 1
#define LINUX_TCIOFF 2
#define LINUX_TCION 3

/* Packet mode status bits (TIOCPKT). */
#define LINUX_TIOCPKT_FLUSHREAD 1
#define LINUX_TIOCPKT_FLUSHWRITE 2
#define LINUX_TIOCPKT_STOP 4
#define LINUX_TIOCPKT_START 8
#define LINUX_TIOCPKT_NOSTOP 16
#define LINUX_TIOCPKT_DOSTOP 32

#endif
