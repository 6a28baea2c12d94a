package hapmeter.batch;

import hapmeter.Exec;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;

/**
 * A one-node Slurm cluster on this machine, from Debian's slurmctld, slurmd and munge, as root: its own munge key
 * and socket, slurm.conf for this host on free ports, state and spool directories, all under one directory.
 * Closing it stops every daemon it started.
 */
final class SlurmCluster implements AutoCloseable {
    private final Path dir;
    final Path conf;
    private final Path munge;

    private SlurmCluster(Path dir) {
        this.dir = dir;
        this.conf = dir.resolve("slurm.conf");
        this.munge = dir.resolve("munge");
    }

    static SlurmCluster start(Path dir) throws IOException, InterruptedException {
        SlurmCluster c = new SlurmCluster(dir);
        c.launch();
        return c;
    }

    private void launch() throws IOException, InterruptedException {
        Files.createDirectories(munge, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Path key = munge.resolve("munge.key");
        byte[] secret = new byte[1024];
        new SecureRandom().nextBytes(secret);
        Files.write(key, secret);
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("r--------"));
        Exec.check(null, List.of("munged", "--force", "--key-file=" + key, "--socket=" + munge.resolve("munge.sock"),
                "--pid-file=" + munge.resolve("munged.pid"), "--log-file=" + munge.resolve("munged.log"),
                "--seed-file=" + munge.resolve("seed")));
        String host = Exec.check(null, List.of("hostname", "-s")).strip();
        Files.createDirectories(dir.resolve("state"));
        Files.createDirectories(dir.resolve("spool"));
        Files.writeString(conf, String.join("\n",
                "ClusterName=hapmeter",
                "SlurmctldHost=" + host,
                "SlurmUser=root",
                "SlurmdUser=root",
                "AuthType=auth/munge",
                "AuthInfo=socket=" + munge.resolve("munge.sock"),
                "CredType=cred/munge",
                "StateSaveLocation=" + dir.resolve("state"),
                "SlurmdSpoolDir=" + dir.resolve("spool"),
                "SlurmctldPidFile=" + dir.resolve("slurmctld.pid"),
                "SlurmdPidFile=" + dir.resolve("slurmd.pid"),
                "SlurmctldPort=" + freePort(),
                "SlurmdPort=" + freePort(),
                "SlurmctldLogFile=" + dir.resolve("slurmctld.log"),
                "SlurmdLogFile=" + dir.resolve("slurmd.log"),
                "ProctrackType=proctrack/linuxproc",
                "TaskPlugin=task/none",
                "JobAcctGatherType=jobacct_gather/none",
                "SelectType=select/cons_tres",
                "SelectTypeParameters=CR_CPU",
                "ReturnToService=2",
                "MpiDefault=none",
                "NodeName=" + host + " CPUs=" + Runtime.getRuntime().availableProcessors() + " RealMemory="
                        + memoryMb() + " State=UNKNOWN",
                "PartitionName=batch Nodes=" + host + " Default=YES MaxTime=INFINITE State=UP", ""));
        Exec.check(null, List.of("slurmctld", "-f", conf.toString()));
        Exec.check(null, List.of("slurmd", "-f", conf.toString()));
        for (int i = 0; i < 100; i++) {
            if (run("sinfo", "-h", "-o", "%t").strip().equals("idle")) {
                return;
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("the one-node Slurm cluster never became idle: " + run("sinfo"));
    }

    /** A Slurm client command against this cluster; its output. */
    String run(String... argv) {
        List<String> cmd = new ArrayList<>(List.of("env", "SLURM_CONF=" + conf));
        cmd.addAll(List.of(argv));
        return Exec.run(null, cmd).output();
    }

    /** This machine's memory in MB, as slurmd sees it: jobs ask for theirs (--mem). */
    private static long memoryMb() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
            if (line.startsWith("MemTotal:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
            }
        }
        throw new IOException("no MemTotal in /proc/meminfo");
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() throws IOException {
        for (String pid : List.of("slurmd.pid", "slurmctld.pid")) {
            Path f = dir.resolve(pid);
            if (Files.exists(f)) {
                Exec.run(null, List.of("kill", Files.readString(f).strip()));
            }
        }
        Exec.run(null, List.of("munged", "--stop", "--socket=" + munge.resolve("munge.sock")));
    }
}
