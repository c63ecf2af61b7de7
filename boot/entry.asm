; From GRUB's 32-bit protected mode to the kernel's C entry in long mode.
;
; GRUB leaves us with paging off, EAX = multiboot2 magic, EBX = physical
; address of the boot information. This code runs at its physical address
; (the .boot sections are linked low); everything after the jump to
; higher_half_entry runs at 0xffffffff80000000 + physical.
;
; The page tables built here are temporary: they map the first 1 GiB three
; times, 2 MiB at a time: identity (so this code keeps running when paging
; turns on), at the direct-map base (so C code can use phys_to_virt() on boot
; information before the real tables exist), and at the kernel image base.
; paging_init() replaces them and the identity map disappears.

MB2_BOOT_MAGIC  equ 0x36d76289
KERNEL_VMA      equ 0xffffffff80000000
PAGE_OFFSET_SLOT equ 273        ; PML4 index of 0xffff888000000000
KERNEL_PML4_SLOT equ 511        ; PML4 index of KERNEL_VMA
KERNEL_PDPT_SLOT equ 510        ; PDPT index of KERNEL_VMA

PTE_PRESENT     equ 1 << 0
PTE_WRITE       equ 1 << 1
PTE_HUGE        equ 1 << 7

CR0_PG          equ 1 << 31
CR0_WP          equ 1 << 16
CR4_PAE         equ 1 << 5
MSR_EFER        equ 0xc0000080
EFER_LME        equ 1 << 8
EFER_NXE        equ 1 << 11

COM1            equ 0x3f8

section .boot.text
bits 32
global _start
_start:
        cli
        cld
        mov esp, boot_stack32_top
        mov edi, eax            ; keep magic and info pointer: they become
        mov esi, ebx            ; kernel_main's first two arguments

        cmp eax, MB2_BOOT_MAGIC
        jne .not_multiboot2
        call check_cpu
        call build_boot_page_tables

        mov eax, cr4
        or eax, CR4_PAE
        mov cr4, eax
        mov eax, boot_pml4
        mov cr3, eax

        mov ecx, MSR_EFER
        rdmsr
        or eax, EFER_LME | EFER_NXE
        wrmsr

        mov eax, cr0
        or eax, CR0_PG | CR0_WP
        mov cr0, eax

        lgdt [boot_gdt_ptr]
        jmp 0x08:long_mode_entry

.not_multiboot2:
        mov ebx, msg_not_multiboot2
        jmp boot_fail

; Long mode and NX are required; without them we cannot run, so say so on
; the serial port rather than triple-faulting into a silent reboot.
check_cpu:
        pushfd                  ; CPUID exists if EFLAGS.ID can be flipped
        pop eax
        mov ecx, eax
        xor eax, 1 << 21
        push eax
        popfd
        pushfd
        pop eax
        push ecx
        popfd
        cmp eax, ecx
        je .no_long_mode

        mov eax, 0x80000000
        cpuid
        cmp eax, 0x80000001
        jb .no_long_mode
        mov eax, 0x80000001
        cpuid
        test edx, 1 << 29       ; LM
        jz .no_long_mode
        test edx, 1 << 20       ; NX
        jz .no_nx
        ret
.no_long_mode:
        mov ebx, msg_no_long_mode
        jmp boot_fail
.no_nx:
        mov ebx, msg_no_nx
        jmp boot_fail

build_boot_page_tables:
        mov eax, boot_pdpt
        or eax, PTE_PRESENT | PTE_WRITE
        mov [boot_pml4], eax
        mov [boot_pml4 + PAGE_OFFSET_SLOT * 8], eax
        mov [boot_pdpt_high + KERNEL_PDPT_SLOT * 8], dword boot_pd + (PTE_PRESENT | PTE_WRITE)
        mov eax, boot_pdpt_high
        or eax, PTE_PRESENT | PTE_WRITE
        mov [boot_pml4 + KERNEL_PML4_SLOT * 8], eax
        mov eax, boot_pd
        or eax, PTE_PRESENT | PTE_WRITE
        mov [boot_pdpt], eax

        xor ecx, ecx            ; 512 entries of 2 MiB: the first 1 GiB
.fill_pd:
        mov eax, ecx
        shl eax, 21
        or eax, PTE_PRESENT | PTE_WRITE | PTE_HUGE
        mov [boot_pd + ecx * 8], eax
        inc ecx
        cmp ecx, 512
        jne .fill_pd
        ret

; Print the NUL-terminated string at EBX on COM1, then halt forever.
boot_fail:
        mov dx, COM1 + 5        ; line status register
.wait:
        in al, dx
        test al, 1 << 5         ; transmitter holding register empty
        jz .wait
        mov al, [ebx]
        test al, al
        jz .halt
        mov dx, COM1
        out dx, al
        inc ebx
        mov dx, COM1 + 5
        jmp .wait
.halt:
        cli
        hlt
        jmp .halt

bits 64
long_mode_entry:
        mov ax, 0x10
        mov ds, ax
        mov es, ax
        mov ss, ax
        xor ax, ax
        mov fs, ax
        mov gs, ax
        mov rax, higher_half_entry
        jmp rax

section .boot.rodata
align 8
boot_gdt:
        dq 0
        dq 0x00af9a000000ffff   ; 0x08: 64-bit kernel code
        dq 0x00cf92000000ffff   ; 0x10: kernel data
boot_gdt_ptr:
        dw boot_gdt_ptr - boot_gdt - 1
        dd boot_gdt

msg_not_multiboot2: db "boot: not started by a multiboot2 loader", 13, 10, 0
msg_no_long_mode:   db "boot: this CPU has no 64-bit long mode; cannot boot", 13, 10, 0
msg_no_nx:          db "boot: this CPU has no NX (no-execute) bit; cannot boot", 13, 10, 0

section .boot.bss nobits alloc write
alignb 4096
boot_pml4:      resb 4096
boot_pdpt:      resb 4096
boot_pdpt_high: resb 4096
boot_pd:        resb 4096
boot_stack32:   resb 256
boot_stack32_top:

; The kernel's first stack, in the higher half; it stays the stack of the
; boot CPU's initial thread.
section .bss
alignb 16
boot_stack:     resb 16384
boot_stack_top:

section .text
extern kernel_main
; A function symbol with a size, so backtraces can name it.
global higher_half_entry:function (higher_half_entry.end - higher_half_entry)
higher_half_entry:
        mov rsp, boot_stack_top
        xor ebp, ebp            ; a zero frame pointer ends every backtrace
        ; EDI = magic, ESI = boot information (physical): already the
        ; System V argument registers; the upper halves are zero.
        call kernel_main
.hang:
        cli
        hlt
        jmp .hang
.end:
