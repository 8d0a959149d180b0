/* cpu_stream_attr.c - stream attributes on the CPU: the priority, which the
 * scheduler uses, and the values it records without acting on them (no
 * persisting L2, no memory synchronisation domains; its waiting is
 * adaptive whatever the synchronisation policy says). */
#include <string.h>

#include "cpu_internal.h"

void infinirt_cpu_stream_set_priority(cpu_stream *s, int priority) {
  if (priority > CPU_PRIORITY_LOWEST)
    priority = CPU_PRIORITY_LOWEST;
  if (priority < CPU_PRIORITY_HIGHEST)
    priority = CPU_PRIORITY_HIGHEST;
  atomic_store_explicit(&s->priority, priority, memory_order_relaxed);
  /* -5 (highest) .. 0 (lowest) onto levels 1 .. 6; the scheduler reads it
   * when the stream is next pushed, never while it is queued. */
  atomic_store_explicit(
      &s->run_level,
      (unsigned char)(CPU_LEVEL_STREAM0 - CPU_PRIORITY_HIGHEST + priority),
      memory_order_relaxed);
}

void infinirt_cpu_stream_attrs_init(cpu_stream *s) {
  infinirt_cpu_lock(&s->attr_lock);
  memset(&s->attrs, 0, sizeof s->attrs);
  s->attrs.sync_policy = infinirtSyncPolicyAuto;
  s->attrs.domain_map.default_ = 0;
  s->attrs.domain_map.remote = 1;
  s->attrs.domain = infinirtLaunchMemSyncDomainDefault;
  infinirt_cpu_unlock(&s->attr_lock);
}

/* The core checked the value's ranges; the CPU has no persisting L2. */
static infinirtError_t check_value(infinirtStreamAttrID attr,
                                   const infinirtStreamAttrValue *v) {
  if (attr == infinirtLaunchAttributeAccessPolicyWindow &&
      v->accessPolicyWindow.num_bytes > 0)
    return infinirt_detail(infinirtErrorInvalidValue,
                           "an access policy window of %zu bytes exceeds "
                           "the CPU's accessPolicyMaxWindowSize (0)",
                           v->accessPolicyWindow.num_bytes);
  return infinirtSuccess;
}

infinirtError_t
infinirt_cpu_StreamGetAttribute(infinirtStream_t hStream,
                                infinirtStreamAttrID attr,
                                infinirtStreamAttrValue *value_out) {
  infinirtError_t err = infinirtSuccess;
  cpu_stream *s = infinirt_cpu_stream_arg(hStream, &err);
  if (!s)
    return err;
  if (attr == infinirtLaunchAttributePriority) {
    value_out->priority =
        atomic_load_explicit(&s->priority, memory_order_relaxed);
    return infinirtSuccess;
  }
  infinirt_cpu_lock(&s->attr_lock);
  switch (attr) {
  case infinirtLaunchAttributeAccessPolicyWindow:
    value_out->accessPolicyWindow = s->attrs.window;
    break;
  case infinirtLaunchAttributeSynchronizationPolicy:
    value_out->syncPolicy = s->attrs.sync_policy;
    break;
  case infinirtLaunchAttributeMemSyncDomainMap:
    value_out->memSyncDomainMap = s->attrs.domain_map;
    break;
  default: /* MemSyncDomain: the core let only stream attributes through */
    value_out->memSyncDomain = s->attrs.domain;
    break;
  }
  infinirt_cpu_unlock(&s->attr_lock);
  return infinirtSuccess;
}

infinirtError_t
infinirt_cpu_StreamSetAttribute(infinirtStream_t hStream,
                                infinirtStreamAttrID attr,
                                const infinirtStreamAttrValue *value) {
  infinirtError_t err = check_value(attr, value);
  if (err != infinirtSuccess)
    return err;
  cpu_stream *s = infinirt_cpu_stream_arg(hStream, &err);
  if (!s)
    return err;
  if (attr == infinirtLaunchAttributePriority) {
    infinirt_cpu_stream_set_priority(s, value->priority);
    return infinirtSuccess;
  }
  infinirt_cpu_lock(&s->attr_lock);
  switch (attr) {
  case infinirtLaunchAttributeAccessPolicyWindow:
    s->attrs.window = value->accessPolicyWindow;
    break;
  case infinirtLaunchAttributeSynchronizationPolicy:
    s->attrs.sync_policy = value->syncPolicy;
    break;
  case infinirtLaunchAttributeMemSyncDomainMap:
    s->attrs.domain_map = value->memSyncDomainMap;
    break;
  default:
    s->attrs.domain = value->memSyncDomain;
    break;
  }
  infinirt_cpu_unlock(&s->attr_lock);
  return infinirtSuccess;
}

infinirtError_t infinirt_cpu_StreamCopyAttributes(infinirtStream_t dst,
                                                  infinirtStream_t src) {
  infinirtError_t err = infinirtSuccess;
  cpu_stream *d = infinirt_cpu_stream_arg(dst, &err);
  if (!d)
    return err;
  cpu_stream *s = infinirt_cpu_stream_arg(src, &err);
  if (!s || s == d)
    return err;
  infinirt_cpu_lock(&s->attr_lock);
  cpu_stream_attrs a = s->attrs;
  infinirt_cpu_unlock(&s->attr_lock);
  infinirt_cpu_stream_set_priority(
      d, atomic_load_explicit(&s->priority, memory_order_relaxed));
  infinirt_cpu_lock(&d->attr_lock);
  d->attrs = a;
  infinirt_cpu_unlock(&d->attr_lock);
  return infinirtSuccess;
}
