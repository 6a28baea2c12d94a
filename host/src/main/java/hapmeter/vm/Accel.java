package hapmeter.vm;

/** How QEMU runs the test VM. AUTO means KVM if a real boot under KVM reaches the probe, else TCG. */
public enum Accel {
    AUTO, KVM, TCG;

    public String qemuName() {
        return name().toLowerCase();
    }
}
