# scripts/corpus.mk: rebuild briefings from an archive of bulletins with make.
#
#   make -f scripts/corpus.mk ARCHIVE=archive OUT=out -j2
#
# ARCHIVE holds one folder a month, ARCHIVE/YYYY-MM/, of corpus files
# (*.jsonl, *.jsonl.gz, *.json, *.json.gz) that grow as bulletins arrive.
# Per file:  OUT/facts/YYYY-MM/NAME.tsv (+ NAME.rejects.jsonl)   tally extract
#            OUT/parts/YYYY-MM/NAME.part                        tally aggregate --partial
# Per month: OUT/YYYY-MM/aggregates.json   the month alone         tally merge
#            OUT/YYYY-MM/window.json       the month and the 11 before it,
#                                          for its change and 12-month trend
#            OUT/YYYY-MM/report.{md,html,pdf,json} + charts/   tally report
# Across:    OUT/aggregates.json           every month             tally merge
#            OUT/index.html                one row a month         tally report --index
#            OUT/charts/*.{svg,png}        monthly series and trends tally chart
#            OUT/last-12-months.{json,tsv} the latest 12 months    tally merge
#
# What rebuilds what: a corpus file feeds its own facts and partial, its
# month, the briefings whose 12-month window holds that month (its own
# and those of the 11 months after it, whose change and trend it moves;
# for the newest month, only its own) and the cross-month outputs.  The
# tally binary rebuilds everything; data/lexicon only the facts and what
# follows; data/rates.tsv only the partials and what follows.  A file
# removed from the archive is noticed: the lists of partials behind each
# merge are files that change only when their content does.
#
# Every target is written to a temporary file and renamed (tally does it
# for its own outputs; the recipes here for theirs), .DELETE_ON_ERROR
# removes a failed target, and the briefings of a month are marked done
# by a stamp written last, so killing make at any moment and running it
# again converges on the outputs of a clean run, byte for byte.

ARCHIVE ?= archive
OUT ?= out
MK_DIR := $(patsubst %/,%,$(dir $(abspath $(lastword $(MAKEFILE_LIST)))))
ROOT := $(patsubst %/,%,$(dir $(MK_DIR)))
TALLY ?= $(ROOT)/build/tally
TALLY_DATA ?= $(ROOT)/data
export TALLY_DATA
LEXICON := $(wildcard $(TALLY_DATA)/lexicon/*.json)
RATES := $(TALLY_DATA)/rates.tsv
WINDOW ?= 12
# The monthly series drawn across months, one chart each.
TREND_CATEGORIES ?= arrests victims financial_loss seizure_value

.DELETE_ON_ERROR:
.SUFFIXES:
.PHONY: all months cross
SHELL := /bin/sh
comma := ,

# ---- what the archive holds ------------------------------------------------

EXTS := jsonl jsonl.gz json json.gz
FILES := $(sort $(foreach e,$(EXTS),$(wildcard $(ARCHIVE)/[0-9][0-9][0-9][0-9]-[0-9][0-9]/*.$(e))))
MONTHS := $(sort $(foreach f,$(FILES),$(notdir $(patsubst %/,%,$(dir $(f))))))
ifeq ($(MONTHS),)
$(error no corpus files under $(ARCHIVE)/YYYY-MM/ (*.jsonl, *.jsonl.gz, *.json, *.json.gz))
endif

# key: YYYY-MM/NAME of an archive file (NAME without its extension)
key = $(notdir $(patsubst %/,%,$(dir $(1))))/$(basename $(basename $(notdir $(1))))
file_keys = $(foreach f,$(filter $(ARCHIVE)/$(1)/%,$(FILES)),$(call key,$(f)))
parts_of = $(foreach k,$(call file_keys,$(1)),$(OUT)/parts/$(k).part)

# The months of a month's window: those of the archive in the WINDOW
# calendar months that end with it (computed once a month, in one awk).
$(foreach line,$(shell echo '$(MONTHS)' | tr ' ' '\n' | awk -F- -v w=$(WINDOW) \
	'{ m[NR] = $$0; n[NR] = $$1 * 12 + $$2 } \
	 END { for (i = 1; i <= NR; i++) { s = m[i] "="; \
	       for (j = 1; j <= i; j++) if (n[j] > n[i] - w) s = s m[j] ","; print s } }'),\
	$(eval WINDOW_$(word 1,$(subst =, ,$(line))) := $(subst $(comma), ,$(word 2,$(subst =, ,$(line))))))
window_of = $(WINDOW_$(1))
previous_of = $(lastword $(filter-out $(1),$(call window_of,$(1))))
LATEST := $(lastword $(MONTHS))

all: months cross

# ---- per file ---------------------------------------------------------------

# The rejects file is a side product of the facts: tally writes it first
# and the facts last, so fresh facts mean fresh rejects.  (No grouped
# target: make 4.3's `make -n` does not follow what comes after one.)
define file_rules
$(OUT)/facts/$(2).tsv: $(1) $(TALLY) $(LEXICON)
	@mkdir -p $$(dir $$@)
	$(TALLY) extract $(1) -o $$@ --rejects $(OUT)/facts/$(2).rejects.jsonl

$(OUT)/parts/$(2).part: $(OUT)/facts/$(2).tsv $(TALLY) $(RATES)
	@mkdir -p $$(dir $$@)
	$(TALLY) aggregate $$< --partial -o $$@
endef
$(foreach f,$(FILES),$(eval $(call file_rules,$(f),$(call key,$(f)))))

# ---- lists that change only when their content does --------------------------

# sync_list FILE WORDS: makes FILE hold WORDS, rewriting it (so that it
# becomes newer) only when they differ.  Written while the makefile is
# read, so that `make -n` shows exactly what a real run would do; a merge
# that depends on a list reruns when a partial joins it or leaves it.
# The paths in it are relative to OUT, so that two output folders of one
# archive hold the same bytes.
sync_list = $(call sync_words,$(1),$(patsubst $(OUT)/%,%,$(2)))
sync_words = $(if $(filter-out $(file < $(1)),$(2))$(filter-out $(2),$(file < $(1))),$(shell mkdir -p $(dir $(1)))$(file > $(1),$(strip $(2))))

# ---- per month --------------------------------------------------------------------

define month_rules
$$(call sync_list,$(OUT)/$(1)/parts.list,$(call parts_of,$(1)))
$$(call sync_list,$(OUT)/$(1)/window.list,$(foreach m,$(call window_of,$(1)),$(call parts_of,$(m))))
$$(call sync_list,$(OUT)/$(1)/facts.list,$(foreach m,$(call previous_of,$(1)) $(1),$(foreach k,$(call file_keys,$(m)),$(OUT)/facts/$(k).tsv)))

$(OUT)/$(1)/aggregates.json: $(OUT)/$(1)/parts.list $(call parts_of,$(1)) $(TALLY)
	$(TALLY) merge $(call parts_of,$(1)) -o $$@

$(OUT)/$(1)/window.json: $(OUT)/$(1)/window.list $(foreach m,$(call window_of,$(1)),$(call parts_of,$(m))) $(TALLY)
	$(TALLY) merge $(foreach m,$(call window_of,$(1)),$(call parts_of,$(m))) -o $$@

# The facts a briefing cites: its month's, and the month before for the
# 14-day duplicate window; the month's rejects, for its data quality.
$(OUT)/$(1)/facts.tsv: $(OUT)/$(1)/facts.list $(foreach m,$(call previous_of,$(1)) $(1),$(foreach k,$(call file_keys,$(m)),$(OUT)/facts/$(k).tsv))
	@mkdir -p $$(dir $$@)
	@set -- $$(filter %.tsv,$$^); head -n 1 "$$$$1" > $$@.tmp && \
	for f; do tail -n +2 "$$$$f"; done >> $$@.tmp && mv -f $$@.tmp $$@

$(OUT)/$(1)/rejects.jsonl: $(OUT)/$(1)/parts.list $(foreach k,$(call file_keys,$(1)),$(OUT)/facts/$(k).tsv)
	@cat $$(patsubst %.tsv,%.rejects.jsonl,$$(filter %.tsv,$$^)) > $$@.tmp && mv -f $$@.tmp $$@

$(OUT)/$(1)/.report.done: $(OUT)/$(1)/window.json $(OUT)/$(1)/facts.tsv $(OUT)/$(1)/rejects.jsonl $(TALLY)
	$(TALLY) report --month $(1) $(OUT)/$(1)/window.json $(OUT)/$(1)/facts.tsv \
		--rejects $(OUT)/$(1)/rejects.jsonl -o $(OUT)/$(1)
	@touch $$@.tmp && mv -f $$@.tmp $$@
endef
$(foreach m,$(MONTHS),$(eval $(call month_rules,$(m))))

months: $(foreach m,$(MONTHS),$(OUT)/$(m)/aggregates.json $(OUT)/$(m)/.report.done)

# ---- across months -------------------------------------------------------------

ALL_PARTS := $(foreach m,$(MONTHS),$(call parts_of,$(m)))
LAST_PARTS := $(foreach m,$(call window_of,$(LATEST)),$(call parts_of,$(m)))

$(call sync_list,$(OUT)/parts.list,$(ALL_PARTS))

$(OUT)/aggregates.json: $(OUT)/parts.list $(ALL_PARTS) $(TALLY)
	$(TALLY) merge $(ALL_PARTS) -o $@

$(call sync_list,$(OUT)/last-12-months.list,$(LAST_PARTS))

$(OUT)/last-12-months.json: $(OUT)/last-12-months.list $(LAST_PARTS) $(TALLY)
	$(TALLY) merge $(LAST_PARTS) -o $@

$(OUT)/last-12-months.tsv: $(OUT)/last-12-months.list $(LAST_PARTS) $(TALLY)
	$(TALLY) merge $(LAST_PARTS) --format tsv -o $@

$(OUT)/index.html: $(OUT)/aggregates.json $(TALLY)
	$(TALLY) report --index $< -o $(OUT)

# The monthly series of each category across every month, SVG and PNG.
# A category the archive never mentions has nothing to draw (exit 1): its
# chart is left out, not faked.  The stamp is written last.
$(OUT)/charts/.done: $(OUT)/aggregates.json $(TALLY)
	@mkdir -p $(dir $@)
	@for c in $(TREND_CATEGORIES); do for ext in svg png; do \
		$(TALLY) chart $< --kind line --category $$c --months 120 \
			-o $(OUT)/charts/$$c-by-month.$$ext 2> $@.err; st=$$?; \
		if [ $$st -eq 1 ]; then rm -f $(OUT)/charts/$$c-by-month.$$ext; \
		elif [ $$st -ne 0 ]; then cat $@.err >&2; exit $$st; fi; \
	done; done; \
	$(TALLY) chart $< --kind multiples --category $(subst $(space),$(comma),$(strip $(TREND_CATEGORIES))) \
		--months 120 -o $(OUT)/charts/all-categories.svg 2> $@.err || \
		{ st=$$?; [ $$st -eq 1 ] || { cat $@.err >&2; exit $$st; }; }; \
	rm -f $@.err; touch $@.tmp && mv -f $@.tmp $@

empty :=
space := $(empty) $(empty)
CROSS := $(OUT)/aggregates.json $(OUT)/index.html \
	$(OUT)/last-12-months.json $(OUT)/last-12-months.tsv $(OUT)/charts/.done
cross: $(CROSS)

