/* Page reference-count audit (kern/audit.c). */
#ifndef JOS_KERN_AUDIT_H
#define JOS_KERN_AUDIT_H

/* Check every page's reference count against the mappings that exist;
 * print each mismatch and a summary line.  Returns the mismatch count. */
int page_audit(void);

/*
 * The leak check graders read.  leak_check_baseline notes, silently, the
 * free-page count once the kernel is up, before the first env;
 * leak_check_idle, the idle hook sched_halt calls when no env is left
 * anywhere, prints "free pages at boot: N" and "free pages with no env
 * left: M" (equal unless a page leaked) and runs page_audit.
 */
void leak_check_baseline(void);
void leak_check_idle(void);

#endif
