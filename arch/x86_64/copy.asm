; unsigned long __copy_nofault(void *dst, const void *src, size_t n)
;
; Copies n bytes and returns how many were NOT copied: 0 on success. If the
; copy faults, the trap handler finds .copy in the exception table and
; resumes at .done, where RCX still counts the bytes left: REP MOVSB stops
; precisely at the faulting byte.

section .text
global __copy_nofault
__copy_nofault:
        mov rcx, rdx
.copy:
        rep movsb
.done:
        mov rax, rcx
        ret

section __ex_table progbits alloc noexec nowrite align=8
        dq __copy_nofault.copy, __copy_nofault.done
