; Trap entry: one small stub per vector makes every trap look the same
; (an error code, real or 0, and the vector number on the stack), then
; trap_common saves the general registers as a struct pt_regs
; (include/asm/ptrace.h) and calls trap_dispatch(regs) in C.

extern trap_dispatch

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

trap_common:
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
        mov rdi, rsp
        call trap_dispatch
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
