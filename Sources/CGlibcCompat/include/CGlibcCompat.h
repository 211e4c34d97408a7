// Keeps the release binary loadable on glibc 2.34 (Amazon Linux 2023, RHEL 9).
//
// glibc 2.35 gave hypot and hypotf a new symbol version (a new implementation); a program linked on a
// newer system binds to hypot@GLIBC_2.35, and the loader of an older one refuses to start it. The static
// Swift runtime calls them (Foundation's CGFloat hypot, the Glibc overlay's hypotf) and its archives
// cannot be rebuilt here. CGlibcCompat.c defines hypot and hypotf itself, hidden so that only this
// binary's own references bind to them, and they call the original version every glibc still exports.
// Nothing to include: the definitions are found by the linker, not by Swift.
#ifndef VPCX_CGLIBCCOMPAT_H
#define VPCX_CGLIBCCOMPAT_H
#endif
