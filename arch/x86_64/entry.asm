; Entry into the kernel: traps, interrupts and system calls all build the
; same struct pt_regs (include/asm/ptrace.h) on the kernel stack, call C
; with it, and leave through restore_regs_and_iret.
;
; Traps: one small stub per vector makes every trap look the same (an
; error code, real or 0, and the vector number on the stack), then
; trap_common saves the general registers and calls trap_dispatch(regs).

%include "arch/x86_64/segment.inc"

extern trap_dispatch
extern syscall_dispatch
extern cpu_tss

; Vectors for which the CPU pushes an error code itself.
%define HAS_ERROR_CODE(v) ((v) == 8 || ((v) >= 10 && (v) <= 14) || (v) == 17 || (v) == 21 || (v) == 29 || (v) == 30)

NR_VECTORS equ 48               ; 32 exceptions + 16 PIC interrupts

section .text
%assign v 0
%rep NR_VECTORS
align 16
trap_stub_ %+ v:
%if !HAS_ERROR_CODE(v)
        push 0
%endif
        push v
        jmp trap_common
%assign v v + 1
%endrep

%macro SAVE_REGS 0
        push rdi
        push rsi
        push rdx
        push rcx
        push rax
        push r8
        push r9
        push r10
        push r11
        push rbx
        push rbp
        push r12
        push r13
        push r14
        push r15
%endmacro

trap_common:
        SAVE_REGS
        mov rdi, rsp
        call trap_dispatch
global restore_regs_and_iret
restore_regs_and_iret:
        pop r15
        pop r14
        pop r13
        pop r12
        pop rbp
        pop rbx
        pop r11
        pop r10
        pop r9
        pop r8
        pop rax
        pop rcx
        pop rdx
        pop rsi
        pop rdi
        add rsp, 16             ; vector and error code
        iretq

; SYSCALL: the CPU put the user's RIP in RCX and RFLAGS in R11, cleared
; the RFLAGS bits of MSR_SYSCALL_MASK (IF among them, so nothing can
; interrupt us before we are on the kernel stack), and left RSP as the
; user's. The kernel stack top is TSS.RSP0, the same one a trap from user
; mode gets. With one CPU a global slot holds the user RSP meanwhile; SMP
; would keep it, like RSP0, per CPU.
;
; The frame is the one a trap from user mode would push, so that fork can
; copy it, exec can rewrite it, and every return to user mode is the same
; IRETQ. (SYSRET would be faster, but needs care with non-canonical RCX.)
TSS_RSP0 equ 4
global entry_syscall
entry_syscall:
        mov [rel syscall_user_rsp], rsp
        mov rsp, [rel cpu_tss + TSS_RSP0]
        push USER_DS_SELECTOR             ; ss
        push qword [rel syscall_user_rsp] ; rsp
        push r11                          ; rflags
        push USER_CS_SELECTOR             ; cs
        push rcx                          ; rip
        push rax                          ; orig_ax: the call's number
        push SYSCALL_VECTOR
        SAVE_REGS
        mov rdi, rsp
        call syscall_dispatch
        jmp restore_regs_and_iret

section .bss
syscall_user_rsp: resq 1

; The stubs' addresses, for idt_init().
section .rodata
global trap_stubs
align 8
trap_stubs:
%assign v 0
%rep NR_VECTORS
        dq trap_stub_ %+ v
%assign v v + 1
%endrep
