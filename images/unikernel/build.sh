#!/bin/bash
# Builds the reference unikernel from the C sources here, the workload's http.c, and lwIP, for one
# platform: virtio (the default: a multiboot ELF32 for QEMU's -kernel) or hvt / spt (an ELF64 for
# that tender in images/tender/, on the hypercall binding). lwIP's source is Debian's source
# package, fetched with apt-get source into CACHE_DIR on first use and reused afterwards.
# Usage: build.sh OUT_FILE CACHE_DIR [virtio|hvt|spt]
set -euo pipefail

die() {
    echo "build.sh: $*" >&2
    exit 1
}

[ $# -eq 2 ] || [ $# -eq 3 ] || die "usage: build.sh OUT_FILE CACHE_DIR [virtio|hvt|spt]"
out=$1
cache=$2
platform=${3:-virtio}
here=$(cd "$(dirname "$0")" && pwd)
workload=$(cd "$here/../workload" && pwd)
lwip=$cache/lwip

need() {
    command -v "$1" >/dev/null || die "'$1' not found; install the Debian package $2 (apt-get install $2)"
}

work=
trap '[ -z "$work" ] || rm -rf "$work"' EXIT

# The system's 'deb' entries as one-line 'deb-src' entries, from both the one-line (*.list) and
# the deb822 (*.sources) formats. Options such as signed-by are kept.
deb_src_entries() {
    local f
    for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
        if [ -f "$f" ]; then sed -n 's/^[[:space:]]*deb[[:space:]]\+/deb-src /p' "$f"; fi
    done
    for f in /etc/apt/sources.list.d/*.sources; do
        [ -f "$f" ] || continue
        awk '
            function flush() {
                if (types ~ /(^| )deb( |$)/ && enabled != "no")
                    for (i = 1; i <= nuris; i++)
                        for (j = 1; j <= nsuites; j++)
                            print "deb-src " options uris[i] " " suites[j] " " components
                types = enabled = options = components = ""
                nuris = nsuites = 0
            }
            /^[[:space:]]*#/ { next }
            /^[[:space:]]*$/ { flush(); next }
            /^[[:space:]]/ { next }  # continuation line (an inline key): not expressible here
            {
                key = tolower($1)
                sub(/:$/, "", key)
                $1 = ""
                sub(/^[[:space:]]+/, "")
                if (key == "types") types = $0
                else if (key == "uris") nuris = split($0, uris, " ")
                else if (key == "suites") nsuites = split($0, suites, " ")
                else if (key == "components") components = $0
                else if (key == "enabled") enabled = tolower($0)
                else if (key == "signed-by" && $0 != "") options = "[signed-by=" $0 "] "
            }
            END { flush() }' "$f"
    done
}

# apt-get with a private source list and package lists, so that the system's apt state (its
# sources, lists and caches) is left as it was.
fetch_lwip() {
    need apt-get apt
    need dpkg-source dpkg-dev
    need xz xz-utils
    mkdir -p "$cache"
    work=$(mktemp -d "$cache/fetch.XXXXXX")
    deb_src_entries >"$work/sources.list"
    [ -s "$work/sources.list" ] || die "no 'deb' entries in /etc/apt/sources.list{,.d} to derive deb-src entries from"
    mkdir -p "$work/lists/partial" "$work/src"
    local apt=(apt-get -o "Dir::Etc::sourcelist=$work/sources.list" -o Dir::Etc::sourceparts=-
        -o "Dir::State::Lists=$work/lists" -o Dir::Cache::pkgcache= -o Dir::Cache::srcpkgcache=)
    echo "build.sh: fetching Debian's lwip source package into $lwip" >&2
    # A failing extra repository need not matter: what counts is whether the source arrives.
    "${apt[@]}" update >"$work/apt.log" 2>&1 || true
    if ! (cd "$work/src" && "${apt[@]}" source lwip) >>"$work/apt.log" 2>&1; then
        cat "$work/apt.log" >&2
        die "apt-get source lwip failed (deb-src entries used: $(tr '\n' ';' <"$work/sources.list"))"
    fi
    local tree
    tree=$(find "$work/src" -mindepth 1 -maxdepth 1 -type d -name 'lwip-*' | head -n 1)
    if [ -z "$tree" ] || [ ! -f "$tree/src/include/lwip/init.h" ]; then
        die "the lwip source package has no src/include/lwip/init.h"
    fi
    # Renamed into place in one step: the cache never holds a partial tree.
    mv -T "$tree" "$lwip" 2>/dev/null || [ -d "$lwip" ] || die "cannot move the lwIP source to $lwip"
    rm -rf "$work"
    work=
}

[ -f "$lwip/src/include/lwip/init.h" ] || fetch_lwip
need gcc gcc
need ld binutils

lwip_sources=(
    core/init.c core/def.c core/inet_chksum.c core/ip.c core/mem.c core/memp.c core/netif.c
    core/pbuf.c core/tcp.c core/tcp_in.c core/tcp_out.c core/timeouts.c
    core/ipv4/etharp.c core/ipv4/icmp.c core/ipv4/ip4.c core/ipv4/ip4_addr.c
    netif/ethernet.c
)
own_sources=(main.c console.c httpd.c libc.c)
# 32-bit for multiboot (QEMU enters it in protected mode); 64-bit for the tenders, as spt runs
# the image inside its own 64-bit process (hvt's tender sets up long mode for it).
case $platform in
virtio)
    own_sources+=(boot.S multiboot.c serial.c cpu.c irq.c pci.c virtio_net.c)
    arch=(-m32 -march=i686)
    emulation=elf_i386
    ;;
hvt | spt)
    own_sources+=(hypercall.c)
    arch=(-m64 "-DPLATFORM_${platform^^}")
    emulation=elf_x86_64
    ;;
*) die "unknown platform '$platform' (virtio, hvt or spt)" ;;
esac

# No libc and no libgcc (so no gcc-multilib); gcc's own freestanding headers plus ours.
# No SSE/x87 code: nothing sets up those units. -fno-tree-loop-distribute-patterns: see libc.c.
# The prefix maps keep the paths in assertion messages, and so the image, independent of
# where the tree and the cache are.
cflags=("${arch[@]}" -O2 -ffreestanding -nostdlib -nostdinc -isystem "$(gcc -print-file-name=include)"
    -fno-pic -fno-pie -fno-stack-protector -mgeneral-regs-only -fno-tree-loop-distribute-patterns
    -fno-asynchronous-unwind-tables -ffunction-sections -fdata-sections
    "-ffile-prefix-map=$lwip=lwip" "-ffile-prefix-map=$here=unikernel" "-ffile-prefix-map=$workload=workload"
    -I "$here" -I "$here/include" -I "$lwip/src/include" -I "$workload" "-Wa,-I,$workload")

work=$(mktemp -d)
(cd "$work" && gcc "${cflags[@]}" -c "${lwip_sources[@]/#/$lwip/src/}") || die "compiling lwIP failed"
(cd "$work" && gcc "${cflags[@]}" -Wall -Wextra -c "${own_sources[@]/#/$here/}" "$workload/http.c") ||
    die "compiling the unikernel failed"
mkdir -p "$(dirname "$out")"
ld -m "$emulation" -T "$here/linker.ld" --gc-sections -o "$out.part" "$work"/*.o || die "linking failed"
mv -f "$out.part" "$out"
echo "build.sh: wrote $out ($(stat -c %s "$out") bytes)" >&2
