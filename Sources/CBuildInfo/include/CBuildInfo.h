// What the binary was built from. `scripts/dist` writes the git commit into the stamp below in the
// linked binary (the stamp's bytes are found by their prefix and overwritten in place), so stamping a
// release needs no rebuild and never writes into the source tree.
#ifndef VPCX_CBUILDINFO_H
#define VPCX_CBUILDINFO_H

/// The git commit the binary was built from (with "-dirty" when the tree had changes), or "" when
/// the binary was not stamped by scripts/dist.
const char *vpcx_build_commit(void);

#endif
