"""
What a mapped file (vm_area_struct.vm_file) looks like from outside: its
path, device and inode number, as /proc/PID/maps shows them.

This is the only module that knows the fields of struct file, dentry and
inode (kernel/fs/), so that a change there is a change here only.
"""
from collections import namedtuple

from kernel_constants import MINORBITS

FileIdentity = namedtuple("FileIdentity", "path major minor inode")
NO_FILE = FileIdentity(None, 0, 0, 0)
# Shared anonymous memory maps a file with no name (mm/shmem.c); Linux
# calls it this, and so does our /proc.
SHMEM_NAME = "/dev/zero (deleted)"


def dentry_path(dentry):
    """The path of a dentry: its names up to the root, which is its own
    parent (the kernel's d_path, from the root of the file system)."""
    names = []
    while int(dentry["d_parent"]) != int(dentry):
        names.append(dentry["d_name"].string())
        dentry = dentry["d_parent"]
    return "/" + "/".join(reversed(names))


def file_identity(file):
    """A FileIdentity for a struct file pointer; NO_FILE for NULL."""
    if not file:
        return NO_FILE
    path = dentry_path(file["f_dentry"]) if file["f_dentry"] else SHMEM_NAME
    inode = file["f_inode"]
    if not inode:
        return FileIdentity(path, 0, 0, 0)
    dev = int(inode["i_sb"]["s_dev"])
    return FileIdentity(path, dev >> MINORBITS, dev & ((1 << MINORBITS) - 1),
                        int(inode["i_ino"]))
