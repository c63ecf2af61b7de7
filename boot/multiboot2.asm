; The multiboot2 header: how GRUB recognises this file as a kernel.
; GRUB searches the first 32 KiB of the image for it (the linker script puts
; it first). We ask for nothing special: GRUB loads the ELF segments at their
; physical addresses (p_paddr) and enters _start in 32-bit protected mode.

MB2_MAGIC     equ 0xe85250d6
MB2_ARCH_I386 equ 0

section .multiboot2
align 8
mb2_header:
        dd MB2_MAGIC
        dd MB2_ARCH_I386
        dd mb2_header_end - mb2_header
        ; The four fields must sum to zero (mod 2^32).
        dd -(MB2_MAGIC + MB2_ARCH_I386 + (mb2_header_end - mb2_header))

        ; Information request: we need the memory map, command line, modules
        ; and ELF sections (for symbol names in backtraces). Asking makes GRUB
        ; refuse to boot if it cannot supply them, instead of failing later.
align 8
        dw 1, 0                 ; type 1: information request, required
        dd 24
        dd 1                    ; boot command line
        dd 3                    ; modules
        dd 6                    ; memory map
        dd 9                    ; ELF sections

align 8
        dw 0, 0                 ; end tag
        dd 8
mb2_header_end:
