/* SPDX-License-Identifier: MIT */
/* CRC-32C (Castagnoli), as ext4 and iSCSI use it: the write-ahead log's checksum. */
#ifndef LIB_CRC32C_H
#define LIB_CRC32C_H
#include <stddef.h>
#include <stdint.h>

/* Continues crc over n bytes (start with 0xffffffff; no final inversion here). */
uint32_t crc32c(uint32_t crc, const void *p, size_t n);

#endif
