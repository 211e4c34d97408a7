// zlib (Debian zlib1g-dev), for reading gzip'd VPC flow logs. Only Sources/Loaders/FlowLogs imports it.
#ifndef VPCX_CZLIB_SHIM_H
#define VPCX_CZLIB_SHIM_H
#include <zlib.h>

// inflateInit2 is a macro Swift cannot import.
static inline int vpcx_inflate_init_gzip(z_stream *stream) {
    // 15 + 32: a zlib or gzip header, detected.
    return inflateInit2(stream, 15 + 32);
}
#endif
