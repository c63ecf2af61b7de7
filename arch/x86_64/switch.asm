; Switching kernel stacks, and where a new task's first switch lands.

extern schedule_tail
extern exit_to_user_mode
extern restore_regs_and_iret

section .text

; struct task_struct *switch_stack(unsigned long *prev_sp,
;                                  unsigned long next_sp,
;                                  struct task_struct *prev)
;
; Push the callee-saved registers (all that a C caller expects to
; survive the call), park the stack pointer in *prev_sp, and pop the
; next task's from next_sp. The return lands wherever next last called
; switch_stack, or in ret_from_fork for a new task, with RAX = prev: the
; task we came from, which only the code running now can name.
global switch_stack
switch_stack:
        push rbp
        push rbx
        push r12
        push r13
        push r14
        push r15
        mov [rdi], rsp
        mov rsp, rsi
        pop r15
        pop r14
        pop r13
        pop r12
        pop rbx
        pop rbp
        mov rax, rdx
        ret

; A new task starts here (copy_thread built its first stack frame so):
; RBX = the kernel thread's function or 0, R12 = its argument, and its
; user registers (struct pt_regs) at the top of the stack.
global ret_from_fork
ret_from_fork:
        mov rdi, rax
        call schedule_tail
        test rbx, rbx
        jz .to_user
        mov rdi, r12
        call rbx                ; returns only after kernel_execve
.to_user:
        mov rdi, rsp            ; the pt_regs: they start right here
        call exit_to_user_mode
        jmp restore_regs_and_iret
