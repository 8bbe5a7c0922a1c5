#!/usr/bin/env bash
# runtime-rootfs.sh OUT JAVA_HOME MODULES
#
# Lays out the image's base in OUT without a container engine or a registry: everything comes from this machine.
#   OUT/opt/java                  a jlink'd Java runtime holding only MODULES (comma-separated)
#   OUT/lib*/..., OUT/usr/lib*/...  the shared libraries that runtime links (as ldd finds them here), dynamic loader too
#   OUT/usr/lib/locale/C.utf8     glibc's C.UTF-8 locale, for LANG=C.UTF-8
#   OUT/etc/ssl/certs/ca-certificates.crt  the system CA bundle, when this machine has one (Java uses its own cacerts)
#   OUT/tmp, OUT/home/nonroot     empty directories
# The Maven build (image/pom.xml) calls it; Jib then turns OUT into one image layer.
set -euo pipefail

out=${1:?usage: runtime-rootfs.sh OUT JAVA_HOME MODULES}
java_home=${2:?JAVA_HOME}
modules=${3:?MODULES}

die() { echo "runtime-rootfs.sh: $*" >&2; exit 1; }
[[ -x $java_home/bin/jlink ]] || die "no jlink in $java_home/bin (a JDK, not a JRE, must run the build)"
command -v ldd >/dev/null || die "ldd is missing (Debian package libc-bin)"

# Rebuilt only when an input changed: the JDK, the modules, this script, the C library.
stamp_file="$out.stamp"
stamp="$java_home $modules $(md5sum <"$java_home/release") $(md5sum <"$0") $(ldd --version | sed -n 1p)"
if [[ -d $out && -f $stamp_file && $(<"$stamp_file") == "$stamp" ]]; then
  echo "runtime-rootfs.sh: $out is up to date"
  exit 0
fi

rm -rf "$out" "$stamp_file"
mkdir -p "$out/opt" "$out/tmp" "$out/home/nonroot"

# --compress=1 (constant-string sharing): a smaller gzipped layer than --compress=2 (zip, which gzip cannot shrink
# further) and no class decompression at start-up.
"$java_home/bin/jlink" --add-modules "$modules" --strip-debug --no-header-files --no-man-pages --compress=1 \
  --output "$out/opt/java"

# The operator is headless: java.desktop is in the runtime for java.beans only. Its window, font, image and sound
# libraries would pull in X11, freetype and ALSA; without them AWT fails to load instead.
rm -f "$out/opt/java/bin/keytool" "$out"/opt/java/lib/{libawt_xawt,libjawt,libsplashscreen,libfontmanager,libjsound,liblcms,libjavajpeg}.so

# Every shared library the runtime's executables and libraries need, with the path ldd resolves here (the image's
# loader searches the same standard directories). libjvm.so is found at run time through the runtime's own paths.
declare -A needed=()
while IFS= read -r -d '' elf; do
  while read -r line; do
    case $line in
      *'=> not found'*)
        [[ $line == libjvm.so* ]] || die "$elf needs ${line%% *}, which this machine lacks" ;;
      *'=> /'*) lib=${line#*=> }; needed[${lib%% (*}]=1 ;;
      /*) needed[${line%% (*}]=1 ;;
    esac
  done < <(ldd "$elf" 2>/dev/null || true)
done < <(find "$out/opt/java" -type f \( -path '*/bin/*' -o -name '*.so' -o -name jspawnhelper -o -name jexec \) -print0)

# glibc loads libgcc_s at run time (thread cancellation, unwinding) without it showing in ldd: take the one beside libc
for lib in "${!needed[@]}"; do
  if [[ $lib == */libc.so.6 && -f ${lib%/*}/libgcc_s.so.1 ]]; then
    needed[${lib%/*}/libgcc_s.so.1]=1
  fi
done

for lib in "${!needed[@]}"; do
  [[ $lib == "$out"/* ]] && continue
  mkdir -p "$out$(dirname "$lib")"
  cp -L "$lib" "$out$lib"   # the file itself, not a symlink to it
done

# LANG=C.UTF-8 makes Java 17 read and write UTF-8 (file names, console, default charset); glibc needs its locale files
if [[ -d /usr/lib/locale/C.utf8 ]]; then
  mkdir -p "$out/usr/lib/locale"
  cp -rL /usr/lib/locale/C.utf8 "$out/usr/lib/locale/"
fi

if [[ -f /etc/ssl/certs/ca-certificates.crt ]]; then
  mkdir -p "$out/etc/ssl/certs"
  cp -L /etc/ssl/certs/ca-certificates.crt "$out/etc/ssl/certs/"
fi

echo "$stamp" >"$stamp_file"
echo "runtime-rootfs.sh: $out: $(du -sh "$out" | cut -f1), of which the Java runtime $(du -sh "$out/opt/java" | cut -f1)"
