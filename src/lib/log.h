/* SPDX-License-Identifier: MIT */
/* ukern's own diagnostics: "ukern: ..." lines on the log (stderr or --log FILE). */
#ifndef LIB_LOG_H
#define LIB_LOG_H

extern int log_debug_on;
void log_msg(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* panic: a ukern invariant broke. Never for something a guest did. */
void panic(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));
#define log_debug(...)                      \
	do {                                \
		if (log_debug_on)           \
			log_msg(__VA_ARGS__); \
	} while (0)
#define BUG_ON(c)                                                              \
	do {                                                                   \
		if (c)                                                         \
			panic("BUG at %s:%d: %s", __FILE__, __LINE__, #c);     \
	} while (0)

#endif
