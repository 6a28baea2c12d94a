/* Multiboot v1 entry. QEMU's -kernel (like GRUB) loads this ELF32 image at 1 MiB and jumps to
 * _start in 32-bit protected mode, paging and interrupts off, eax = magic, ebx = info. */
    .set MB_MAGIC, 0x1badb002
    .set MB_FLAGS, 0 /* ELF: the loader takes addresses from the program headers */

    .section .multiboot, "a"
    .balign 4
    .long MB_MAGIC, MB_FLAGS, -(MB_MAGIC + MB_FLAGS)

    .text
    .globl _start
_start:
    /* The loader's GDT may no longer exist (the spec allows it): use our own flat one. */
    lgdt gdt_desc
    ljmp $0x08, $1f
1:  mov $0x10, %cx
    mov %cx, %ds
    mov %cx, %es
    mov %cx, %fs
    mov %cx, %gs
    mov %cx, %ss
    /* Clear .bss ourselves rather than trust every loader to; eax and ebx stay for kmain. */
    mov %eax, %edx
    xor %eax, %eax
    mov $__bss_start, %edi
    mov $__bss_end, %ecx
    sub %edi, %ecx
    cld
    rep stosb
    mov $stack_top, %esp
    push %ebx
    push %edx
    call kmain
2:  cli
    hlt
    jmp 2b

/* One stub per CPU exception. Each leaves the same frame (vector, error code, eip, cs, eflags)
 * for exception_report, pushing a zero where the CPU pushes no error code. */
    .macro exception_stub n
exception_stub_\n:
    .if !((\n == 8) || (\n >= 10 && \n <= 14) || (\n == 17) || (\n == 21) || (\n == 29) || (\n == 30))
    push $0
    .endif
    push $\n
    jmp exception_common
    .endm

    .irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
    exception_stub \n
    .endr

exception_common:
    push %esp
    call exception_report /* does not return */

/* One stub per PIC vector (32-47, see irq.c). Interrupts arrive only while the CPU halts in
 * platform_idle, so the handler may be C; every register it may clobber is saved. */
    .macro irq_stub n
irq_stub_\n:
    push $\n
    jmp irq_common
    .endm

    .irp n, 32,33,34,35,36,37,38,39,40,41,42,43,44,45,46,47
    irq_stub \n
    .endr

irq_common:
    pusha
    cld
    push 32(%esp) /* the vector, above the eight registers pusha saved */
    call irq_dispatch
    add $4, %esp
    popa
    add $4, %esp
    iret

    .section .rodata
    .balign 4
    .globl exception_stubs
exception_stubs:
    .irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
    .long exception_stub_\n
    .endr
    .globl irq_stubs
irq_stubs:
    .irp n, 32,33,34,35,36,37,38,39,40,41,42,43,44,45,46,47
    .long irq_stub_\n
    .endr

    .data
    .balign 8
gdt:
    .quad 0
    .quad 0x00cf9a000000ffff /* 0x08: code, base 0, limit 4 GiB */
    .quad 0x00cf92000000ffff /* 0x10: data, base 0, limit 4 GiB */
gdt_desc:
    .word gdt_desc - gdt - 1
    .long gdt

    .bss
    .balign 16
    .skip 65536
stack_top:

    .section .note.GNU-stack, "", @progbits
