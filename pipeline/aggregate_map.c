/* aggregate_map.c - a string-to-index map with open addressing. */
#include <stdlib.h>
#include <string.h>

#include "aggregate_int.h"

uint64_t agg_hash(const void *data, size_t len)
{
	const unsigned char *p = data;
	uint64_t h = 0x9e3779b97f4a7c15ULL ^ (len * 0xff51afd7ed558ccdULL);
	uint64_t w;

	for (; len >= 8; p += 8, len -= 8) {
		memcpy(&w, p, 8);
		h = (h ^ w) * 0xc4ceb9fe1a85ec53ULL;
		h ^= h >> 29;
	}
	if (len) {
		w = 0;
		memcpy(&w, p, len);
		h = (h ^ w) * 0xc4ceb9fe1a85ec53ULL;
	}
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	return h;
}

static size_t slot_of(const struct agg_map *m, const char *key)
{
	size_t mask = m->cap - 1;
	size_t i = (size_t)agg_hash(key, strlen(key)) & mask;

	while (m->keys[i] && strcmp(m->keys[i], key))
		i = (i + 1) & mask;
	return i;
}

static void rehash(struct agg_map *m)
{
	struct agg_map old = *m;

	m->cap = old.cap ? old.cap * 2 : 64;
	m->keys = xcalloc(m->cap, sizeof(*m->keys));
	m->vals = xcalloc(m->cap, sizeof(*m->vals));
	for (size_t i = 0; i < old.cap; i++) {
		size_t j;

		if (!old.keys[i])
			continue;
		j = slot_of(m, old.keys[i]);
		m->keys[j] = old.keys[i];
		m->vals[j] = old.vals[i];
	}
	free(old.keys);
	free(old.vals);
}

int agg_map_get_or_put(struct agg_map *m, struct arena *a, const char *key,
		       size_t *val)
{
	size_t i;

	if ((m->n + 1) * 4 > m->cap * 3)
		rehash(m);
	i = slot_of(m, key);
	if (m->keys[i]) {
		*val = m->vals[i];
		return 1;
	}
	m->keys[i] = arena_strdup(a, key);
	m->vals[i] = *val;
	m->n++;
	return 0;
}

int agg_map_get(const struct agg_map *m, const char *key, size_t *val)
{
	size_t i;

	if (!m->cap)
		return 0;
	i = slot_of(m, key);
	if (!m->keys[i])
		return 0;
	*val = m->vals[i];
	return 1;
}

void agg_map_release(struct agg_map *m)
{
	free(m->keys);
	free(m->vals);
	memset(m, 0, sizeof(*m));
}

int agg_strtab_id(struct agg_strtab *t, struct arena *a, const char *s,
		  unsigned keys)
{
	struct agg_map *m = &t->index;
	size_t i;

	if ((m->n + 1) * 4 > m->cap * 3)
		rehash(m);
	i = slot_of(m, s);
	if (!m->keys[i]) {
		m->keys[i] = arena_strdup(a, s);
		m->vals[i] = t->n;
		m->n++;
		if (t->n == t->cap) {
			size_t cap = t->cap;

			xgrow((void **)&t->v, &t->cap, t->n + 1, sizeof(*t->v));
			xgrow((void **)&t->used, &cap, t->n + 1, 1);
		}
		t->used[t->n] = 0;
		t->v[t->n++] = m->keys[i];
	}
	t->used[m->vals[i]] |= (unsigned char)keys;
	return (int)m->vals[i];
}

void agg_strtab_release(struct agg_strtab *t)
{
	agg_map_release(&t->index);
	free(t->v);
	free(t->used);
	memset(t, 0, sizeof(*t));
}
