/* SPDX-License-Identifier: MIT */
/* ioctl request numbers we serve (asm-generic/ioctls.h). */
#ifndef ABI_IOCTL_H
#define ABI_IOCTL_H

#define LINUX_TCGETS 0x5401
#define LINUX_TCSETS 0x5402
#define LINUX_TCSETSW 0x5403
#define LINUX_TCSETSF 0x5404
#define LINUX_TIOCSCTTY 0x540E
#define LINUX_TIOCOUTQ 0x5411
#define LINUX_TIOCGPGRP 0x540F
#define LINUX_TIOCSPGRP 0x5410
#define LINUX_TIOCGWINSZ 0x5413
#define LINUX_TIOCSWINSZ 0x5414
#define LINUX_FIONREAD 0x541B
#define LINUX_FIONBIO 0x5421
#define LINUX_TIOCNOTTY 0x5422
#define LINUX_TIOCGSID 0x5429
#define LINUX_FIONCLEX 0x5450
#define LINUX_FIOCLEX 0x5451
#define LINUX_FIOASYNC 0x5452

#define LINUX_TERMIOS_SIZE 36 /* struct termios (kernel): 4 flags, line, 19 cc */
#define LINUX_WINSIZE_SIZE 8

#endif
