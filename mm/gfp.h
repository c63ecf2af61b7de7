/* gfp flags: how the page and slab allocators are to allocate. */
#ifndef MM_GFP_H
#define MM_GFP_H

#define __GFP_ZERO 0x1u		/* fill with zeros */
#define GFP_KERNEL 0x0u		/* the usual */

#endif
