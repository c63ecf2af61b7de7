/*
 * Memory descriptors: creating and destroying address spaces, and the
 * list of them all (mmlist, starting at the kernel's init_mm).
 *
 * Two counts keep an mm_struct alive. mm_users counts the tasks that use
 * the address space (threads share one); when the last goes, the mappings
 * go. mm_count counts references to the structure itself: all users
 * together hold one, and a kernel thread that borrows the address space
 * it interrupted (lazy TLB) holds another, because its CPU still runs on
 * that page directory. The pgd is freed only with the structure.
 */
#include "kernel/fs/fs.h"
#include "kernel/panic.h"
#include "mm/internal.h"
#include "mm/page_alloc.h"
#include "mm/pgtable.h"
#include "mm/slab.h"
#include "mm/tlb.h"

static struct kmem_cache *mm_cachep, *vm_area_cachep;

DEFINE_SPINLOCK(mmlist_lock);

/* The kernel's address space: kernel threads borrow others' (lazy TLB),
 * so it has no areas; its mm_users never drops to zero. */
struct mm_struct init_mm = {
	.mm_rb = RB_ROOT,
	.mm_users = 2,
	.mm_count = 1,
	.mmap_sem = RWSEM_INIT,
	.page_table_lock = SPINLOCK_INIT,
	.mmlist = LIST_HEAD_INIT(init_mm.mmlist),
};

void mmap_init(void)
{
	mm_cachep = kmem_cache_create("mm_struct", sizeof(struct mm_struct),
				      0, NULL);
	vm_area_cachep = kmem_cache_create("vm_area_struct",
					   sizeof(struct vm_area_struct), 0,
					   NULL);
	if (!mm_cachep || !vm_area_cachep)
		panic("mm: no memory for the mm caches");
	init_mm.pgd = swapper_pg_dir;
	zero_page_init();
}

struct vm_area_struct *vm_area_alloc(struct mm_struct *mm)
{
	struct vm_area_struct *vma = kmem_cache_alloc(vm_area_cachep,
						      __GFP_ZERO);

	if (vma)
		vma->vm_mm = mm;
	return vma;
}

void vm_area_free(struct vm_area_struct *vma)
{
	kmem_cache_free(vm_area_cachep, vma);
}

void remove_vma(struct vm_area_struct *vma)
{
	if (vma->vm_ops && vma->vm_ops->close)
		vma->vm_ops->close(vma);
	if (vma->vm_file)
		fput(vma->vm_file);
	vm_area_free(vma);
}

struct mm_struct *mm_alloc(void)
{
	struct mm_struct *mm = kmem_cache_alloc(mm_cachep, __GFP_ZERO);
	unsigned long flags;

	if (!mm)
		return NULL;
	mm->pgd = pgd_alloc();
	if (!mm->pgd) {
		kmem_cache_free(mm_cachep, mm);
		return NULL;
	}
	mm->mm_rb = RB_ROOT;
	mm->mm_users = 1;
	mm->mm_count = 1;
	init_rwsem(&mm->mmap_sem);
	spin_lock_init(&mm->page_table_lock);
	arch_pick_mmap_layout(mm);
	spin_lock_irqsave(&mmlist_lock, flags);
	list_add(&mm->mmlist, &init_mm.mmlist);
	spin_unlock_irqrestore(&mmlist_lock, flags);
	return mm;
}

/* The last user is gone: unmap everything and free the areas. */
static void exit_mmap(struct mm_struct *mm)
{
	struct vm_area_struct *vma = mm->mmap;
	struct mmu_gather tlb;

	tlb_gather_mmu(&tlb, mm);
	unmap_page_range(&tlb, 0, TASK_SIZE);
	tlb_finish_mmu(&tlb);
	while (vma) {
		struct vm_area_struct *next = vma->vm_next;

		remove_vma(vma);
		vma = next;
	}
	mm->mmap = NULL;
	mm->mm_rb = RB_ROOT;
	mm->mmap_cache = NULL;
	mm->map_count = 0;
	mm->highest_vm_end = 0;
	mm->total_vm = mm->locked_vm = 0;
	BUG_ON(mm->rss != 0);
}

/* A copy of an area for a forked child: the same backing (one more
 * reference to the file), not linked anywhere yet. mlock is not
 * inherited: the child's copy is not VM_LOCKED. */
static struct vm_area_struct *vm_area_dup(struct vm_area_struct *orig,
					  struct mm_struct *mm)
{
	struct vm_area_struct *vma = vm_area_alloc(mm);

	if (!vma)
		return NULL;
	*vma = *orig;
	vma->vm_mm = mm;
	vma->vm_next = vma->vm_prev = NULL;
	vma->vm_rb = (struct rb_node){ 0 };
	vma->vm_flags &= ~VM_LOCKED;
	if (vma->vm_file)
		get_file(vma->vm_file);
	if (vma->vm_ops && vma->vm_ops->open)
		vma->vm_ops->open(vma);
	return vma;
}

/* Copy every area not marked VM_DONTCOPY, with its pages. */
static int dup_mmap(struct mm_struct *mm, struct mm_struct *oldmm)
{
	int err = 0;

	for (struct vm_area_struct *mpnt = oldmm->mmap; mpnt && !err;
	     mpnt = mpnt->vm_next) {
		struct vm_area_struct *tmp;

		if (mpnt->vm_flags & VM_DONTCOPY)
			continue;
		tmp = vm_area_dup(mpnt, mm);
		if (!tmp)
			return -ENOMEM;
		vma_link(mm, tmp);
		mm->total_vm += vma_pages(tmp);
		err = copy_page_range(tmp, mpnt);
	}
	return err;
}

struct mm_struct *dup_mm(struct mm_struct *oldmm)
{
	struct mm_struct *mm = mm_alloc();
	int err;

	if (!mm)
		return NULL;
	down_write(&oldmm->mmap_sem);
	down_write(&mm->mmap_sem);
	mm->free_area_cache = oldmm->free_area_cache;
	mm->start_code = oldmm->start_code;
	mm->end_code = oldmm->end_code;
	mm->start_data = oldmm->start_data;
	mm->end_data = oldmm->end_data;
	mm->start_brk = oldmm->start_brk;
	mm->brk = oldmm->brk;
	mm->start_stack = oldmm->start_stack;
	mm->arg_start = oldmm->arg_start;
	mm->arg_end = oldmm->arg_end;
	mm->env_start = oldmm->env_start;
	mm->env_end = oldmm->env_end;
	if (oldmm->exe_file)
		mm->exe_file = get_exe_file(oldmm->exe_file);
	err = dup_mmap(mm, oldmm);
	up_write(&mm->mmap_sem);
	up_write(&oldmm->mmap_sem);
	if (err) {
		mmput(mm);	/* frees what was copied */
		return NULL;
	}
	return mm;
}

void mmput(struct mm_struct *mm)
{
	unsigned long flags;

	if (__atomic_sub_fetch(&mm->mm_users, 1, __ATOMIC_ACQ_REL) > 0)
		return;
	exit_mmap(mm);
	if (mm->exe_file)
		put_exe_file(mm->exe_file);
	spin_lock_irqsave(&mmlist_lock, flags);
	list_del(&mm->mmlist);
	spin_unlock_irqrestore(&mmlist_lock, flags);
	mmdrop(mm);
}

void mmdrop(struct mm_struct *mm)
{
	int count = __atomic_sub_fetch(&mm->mm_count, 1, __ATOMIC_ACQ_REL);

	BUG_ON(count < 0);
	if (count > 0)
		return;
	BUG_ON(mm == &init_mm || mm->mm_users != 0);
	pgd_free(mm->pgd);
	kmem_cache_free(mm_cachep, mm);
}
