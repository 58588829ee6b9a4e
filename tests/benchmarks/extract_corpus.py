"""A generated corpus for bench_extract: 12 B2B articles laid out by 6 page templates
whose boilerplate copies what real sites do (cookie banners, mega-menus, share bars,
related-article teasers, comment threads, ad slots between paragraphs, <br><br> instead
of <p>, SPA pages whose text is only in JSON-LD, press-release contact boxes).

This is NOT a substitute for real pages (see data/extract/README.md): the templates
were written by the same team as the extractor. Real pages in the scrapinghub layout
under data/extract/ are preferred by the benchmark when present.
"""

from __future__ import annotations

import html
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass

ARTICLES: list[tuple[str, list[str]]] = [
    ("Northwind Logistics opens automated hub in Rotterdam", [
        "Northwind Logistics opened a fully automated cross-dock hub at the Port of Rotterdam on Tuesday, its largest investment in European infrastructure to date.",
        "The 62,000 square metre site sorts up to 40,000 parcels an hour and connects directly to short-sea and rail terminals, the company said.",
        "## Shorter dwell times",
        "Retail customers in the Benelux and Germany will see dwell times fall from an average of 19 hours to under six. Autonomous mobile robots move pallets while a warehouse management system assigns dock doors from inbound vessel data in real time.",
        "Chief operating officer Pieter de Vries said customers had asked for predictable lead times during peak season rather than raw capacity, and that the hub uses a third less energy per parcel than the sites it replaces.",
    ]),
    ("Mid-market manufacturers rethink ERP as working capital tightens", [
        "Finance chiefs at mid-sized manufacturers are reopening a decision many thought settled: the ERP system that runs their plants.",
        "In a survey of 212 CFOs at companies with revenue between 50 and 500 million euros, 61 percent said they plan to replace or substantially upgrade their ERP within two years.",
        "The most cited trigger was inventory visibility. Without a real-time view of stock across plants, several respondents said, they carry a fifth more inventory than they need, tying up cash at a time of high interest rates.",
        "The second trigger is staff turnover in finance. Spreadsheets built around the ERP by controllers who have since left are undocumented, and month-end close depends on a handful of people.",
        "Vendors who arrive with a cash-conversion model built on the buyer's own numbers are more likely to win a second meeting than those who demonstrate features, the survey found.",
    ]),
    ("Swiss insurers bet on claims automation", [
        "Three of Switzerland's largest insurers will automate the first review of motor claims by the end of next year, according to people familiar with the plans.",
        "A pilot of straight-through processing settled 38 percent of simple claims within a day, compared with a median of nine days for claims handled manually.",
        "Claims handlers will concentrate on complex cases and suspected fraud. Unions have asked for retraining guarantees, and the regulator has signalled that it expects a human to review every rejected claim.",
        "## Procurement moves to the business",
        "Suppliers say buying decisions now start with the head of claims rather than the IT department, and that business cases are built on cycle time and customer satisfaction rather than licence costs.",
    ]),
    ("Hospital group signs ten-year energy deal for heat pumps", [
        "A regional hospital group in northern Italy has signed a ten-year energy-as-a-service contract to replace gas boilers at four sites with industrial heat pumps.",
        "The supplier will finance, install and operate the equipment and bill the hospitals per megawatt hour of heat delivered, removing the upfront capital expense from the group's budget.",
        "The chief financial officer said the contract fixes energy costs for a decade and helps the group meet emissions targets set by the region, which funds most of its capital projects.",
        "Installation starts in the spring at the largest site, where operating theatres need heating and cooling at the same time, which suits heat pumps well.",
    ]),
    ("Retailer consolidates payment providers after outage", [
        "A European fashion retailer with 900 stores will move all card payments to a single provider after an outage at one of its three processors left shoppers unable to pay for six hours on a Saturday.",
        "The company had split volume between providers to negotiate lower fees, but reconciling three sets of settlement reports had become a burden for its finance team.",
        "Its new contract includes a failover arrangement with a second acquirer and penalties for downtime during trading hours.",
        "Analysts said the move reflects a broader shift from fee optimisation to resilience among retailers that saw card outages during the holiday season.",
    ]),
    ("Chemicals maker cuts plant downtime with predictive maintenance", [
        "A specialty chemicals maker says it cut unplanned downtime at its two largest plants by 27 percent in a year after fitting vibration and temperature sensors to critical pumps and compressors.",
        "The sensors feed a model that flags equipment likely to fail within two weeks, so maintenance can be scheduled during planned shutdowns rather than in the middle of a batch.",
        "## Skills gap",
        "The company's head of reliability said the hardest part was not the technology but training maintenance teams to trust the alerts. Early false alarms nearly ended the pilot.",
        "It now plans to extend the programme to five smaller plants and to share anonymised failure data with its equipment suppliers.",
    ]),
    ("Software vendor to sunset on-premise licences", [
        "An enterprise software vendor used by more than 3,000 manufacturers told customers it will stop selling on-premise licences next year and end support for them in 2029.",
        "Customers will be offered a discount to move to the vendor's cloud subscription, but several IT directors said the total cost over five years would still rise by a third.",
        "User groups have asked for a longer transition and for guarantees about where data is hosted, particularly for customers in defence and pharmaceuticals.",
        "The vendor said the change lets it ship updates monthly instead of once a year and that most new customers already choose the subscription.",
    ]),
    ("Port of Gdansk expands container terminal", [
        "The Port of Gdansk has begun building a new deep-water container terminal that will raise its annual capacity by 1.5 million containers when it opens in 2028.",
        "The port authority said demand from shippers moving production from Asia to central Europe had outgrown existing quays, and that rail connections inland will be doubled.",
        "Freight forwarders welcomed the project but warned that customs staffing and road access to the port must keep pace, or congestion will simply move inland.",
    ]),
    ("Food group appoints first chief procurement officer", [
        "A family-owned food group with sales of 2 billion euros has appointed its first chief procurement officer, bringing purchasing for its 14 factories under one function.",
        "Until now each factory bought its own packaging, ingredients and services, which left the group paying different prices for the same materials.",
        "The new officer, who previously led indirect procurement at a consumer goods company, will report to the chief executive and is expected to review supplier contracts worth 600 million euros over the next 18 months.",
        "Suppliers should expect tenders to be consolidated and framework agreements to replace local contracts, people close to the company said.",
    ]),
    ("Bank replaces branch network with video advice", [
        "A mid-sized German bank will close 40 of its 65 branches over two years and offer mortgage and investment advice by video instead.",
        "The bank said fewer than one customer in ten visits a branch each year, while video appointments booked online have grown fivefold since 2023.",
        "## Staff retrained",
        "Branch advisers will be retrained to work from regional hubs, and no compulsory redundancies are planned. The bank expects to save 30 million euros a year in rent and running costs.",
        "Consumer groups asked the bank to keep cash services available for older customers through partnerships with local shops.",
    ]),
    ("Airline outsources aircraft maintenance records to startup", [
        "A low-cost airline has outsourced the digitisation of its aircraft maintenance records to a startup that uses machine learning to read decades of paper logbooks.",
        "Complete records matter when leased aircraft are returned: missing documents can delay a handover by weeks and cost lessors hundreds of thousands of euros.",
        "The airline said the project covers 120 aircraft and should finish within a year, after which technicians will record new work directly on tablets.",
    ]),
    ("Construction supplier raises prices on steel products", [
        "A construction materials supplier will raise prices on reinforcing steel and structural sections by up to 8 percent from next month, citing higher energy and scrap costs.",
        "Contractors said the increase would squeeze margins on fixed-price public projects signed last year, and some are asking clients to add indexation clauses to new contracts.",
        "The supplier said demand from infrastructure projects remains strong even as housebuilding slows, and that its order book covers the next four months.",
    ]),
]

AUTHORS = ["Maria Jansen", "Tom Berger", "Chloé Dubois", "Sam Okafor", "Lena Fischer", "Ravi Patel"]
RELATED = ["Five ways to prepare your supply chain for peak season", "Why rail freight is back on the agenda",
           "What CFOs want from software vendors this year", "The hidden cost of carrying too much inventory",
           "How insurers are rethinking claims", "Energy-as-a-service explained in five minutes"]


@dataclass(frozen=True)
class CorpusPage:
    name: str
    url: str
    html: str
    truth: str


def _paragraphs(body: list[str]) -> list[tuple[str, str]]:
    return [("h2", p[3:]) if p.startswith("## ") else ("p", p) for p in body]


def _truth(body: list[str]) -> str:
    return "\n".join(p[3:] if p.startswith("## ") else p for p in body)


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def _nav() -> str:
    items = "".join(f'<li><a href="/{s.lower()}">{s}</a></li>' for s in
                    ("Logistics", "Manufacturing", "Finance", "Energy", "Retail", "Events", "Podcasts", "Subscribe"))
    return f'<nav class="main-menu"><ul>{items}</ul></nav>'


def _footer(site: str) -> str:
    cols = "".join(f'<div class="col"><h4>{h}</h4><ul>' + "".join(f'<li><a href="/{h}/{i}">{h} link {i}</a></li>'
                                                                     for i in range(5)) + "</ul></div>"
                   for h in ("Company", "Topics", "Services", "Legal"))
    return (f'<footer class="site-footer">{cols}<p>© 2026 {site}. All rights reserved. Registered in England No. 0123456.'
            '</p><p><a href="/privacy">Privacy policy</a> · <a href="/cookies">Cookie policy</a> · '
            '<a href="/terms">Terms of use</a></p></footer>')


def news(title: str, body: list[str], n: int) -> str:
    blocks = "".join(f"<{tag}>{_e(text)}</{tag}>" for tag, text in _paragraphs(body))
    mid = len(body) // 2
    parts = blocks.split("</p>", mid)
    if len(parts) > mid:  # a "read more" teaser paragraph inside the article, as news sites do
        blocks = "</p>".join(parts[:mid]) + f'</p><p class="read-more"><strong>Read more:</strong> <a href="/r">{RELATED[n % 6]}</a></p>' + parts[mid]
    related = "".join(f'<li><a href="/a/{i}">{_e(t)}</a></li>' for i, t in enumerate(RELATED))
    return f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{_e(title)} | Trade Daily</title>
<meta property="og:title" content="{_e(title)}"><meta property="og:site_name" content="Trade Daily">
<meta property="article:published_time" content="2026-0{1 + n % 9}-1{n % 10}T07:00:00Z"><script>var ads = [];</script>
<style>.x{{color:red}}</style></head><body>
<div class="cookie-banner"><p>We use cookies to personalise content and ads and to analyse our traffic. You can change your choice at any time.</p><button>Accept all</button><button>Manage settings</button></div>
<header><a class="logo" href="/">Trade Daily</a>{_nav()}<form><input type="search"></form></header>
<div class="breadcrumb"><a href="/">Home</a> / <a href="/news">News</a></div>
<main><article><h1>{_e(title)}</h1><div class="byline">By {AUTHORS[n % 6]} · <time datetime="2026-05-01">1 May 2026</time></div>
<div class="share"><a href="#">Share on LinkedIn</a> <a href="#">Share on X</a> <a href="#">Email</a></div>
{blocks}
<div class="newsletter"><h3>Get the Trade Daily briefing</h3><p>The stories that matter to buyers and suppliers, every weekday morning, free.</p><input type="email"><button>Sign up</button></div>
</article>
<aside class="related"><h3>Related stories</h3><ul>{related}</ul></aside></main>{_footer("Trade Daily")}</body></html>"""


def blog_table(title: str, body: list[str], n: int) -> str:
    blocks = "".join(f"<{tag}>{_e(text)}</{tag}>" for tag, text in _paragraphs(body))
    comments = "".join(f'<div class="comment"><b>{a}</b> said:<p>Thanks for this write-up, we are seeing something very similar with our own customers and suppliers this quarter, especially around {w}.</p></div>'
                       for a, w in (("Ana", "lead times"), ("Joe", "pricing"), ("Kim", "budgets")))
    cats = "".join(f'<li><a href="/c/{c}">{c}</a> (12)</li>' for c in ("Finance", "ERP", "Operations", "Sales"))
    return f"""<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8"><title>{_e(title)} - The Ledger</title>
<meta name="author" content="{AUTHORS[(n + 1) % 6]}"></head><body>
<div class="top"><a href="/">The Ledger</a> | <a href="/topics">Topics</a> | <a href="/about">About</a> | <a href="/subscribe">Subscribe</a></div>
<table width="100%"><tr><td class="sidebar" width="200"><h3>Categories</h3><ul>{cats}</ul><h3>Archive</h3><ul><li>May 2026</li><li>April 2026</li></ul>
<h3>About the author</h3><p>{AUTHORS[(n + 1) % 6]} writes about finance and operations for mid-market companies and has advised over forty of them.</p></td>
<td class="content"><div class="post"><h1>{_e(title)}</h1><div class="meta">Posted on May 3, 2026 · 3 comments</div>{blocks}</div>
<div class="comments"><h3>3 comments</h3>{comments}<h3>Leave a reply</h3><textarea></textarea></div></td></tr></table>
<div class="footer">Copyright © 2026 The Ledger · Powered by an old CMS</div></body></html>"""


def div_soup(title: str, body: list[str], n: int) -> str:
    text = "<br><br>".join(f"<b>{_e(t)}</b>" if tag == "h2" else _e(t) for tag, t in _paragraphs(body))
    popular = "".join(f'<div class="teaser"><a href="/p/{i}">{_e(t)}</a><div class="teaser-text">An in-depth look at what this means for buyers, suppliers and everyone in between this year.</div></div>'
                      for i, t in enumerate(RELATED[:4]))
    return f"""<html><head><title>{_e(title)}</title><meta name="description" content="{_e(body[0][:150])}"></head><body>
<div class="hdr"><div class="logo">Industry Insider</div><div class="menu"><a href="/">Home</a><a href="/news">News</a><a href="/jobs">Jobs</a><a href="/events">Events</a></div></div>
<div class="wrap"><div class="col-left"><div class="headline">{_e(title)}</div><div class="date">03.05.2026</div>
<div class="txt">{text}</div><div class="tags">Tags: <a href="/t/1">industry</a> <a href="/t/2">b2b</a></div></div>
<div class="col-right"><div class="box-title">Most popular</div>{popular}</div></div>
<div class="ftr">Industry Insider Ltd · <a href="/imprint">Imprint</a> · <a href="/contact">Contact</a></div></body></html>"""


def spa_jsonld(title: str, body: list[str], n: int) -> str:
    data = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": title,
            "datePublished": "2026-04-02", "author": {"@type": "Person", "name": AUTHORS[n % 6]},
            "articleBody": "\n\n".join(p[3:] if p.startswith("## ") else p for p in body)}
    return f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>{_e(title)}</title>
<script type="application/ld+json">{json.dumps(data)}</script><script src="/static/app.3f2a.js" defer></script></head>
<body><div id="root"><div class="spinner">Loading…</div></div><noscript>You need to enable JavaScript to run this app.</noscript>
<div class="footer-static">© 2026 Market Pulse</div></body></html>"""


def press_release(title: str, body: list[str], n: int) -> str:
    blocks = "".join(f"<{tag}>{_e(text)}</{tag}>" for tag, text in _paragraphs(body))
    return f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Press release: {_e(title)}</title>
<meta property="og:type" content="article"></head><body>
<header>{_nav()}</header><div class="hero"><p>Newsroom</p></div>
<main><section class="release"><p class="kicker">Press release · 4 June 2026</p><h1>{_e(title)}</h1>
<div class="social"><span>Share</span> <a href="#">LinkedIn</a> <a href="#">X</a> <a href="#">Facebook</a></div>{blocks}</section>
<section class="contact"><h3>Media contact</h3><p>Press office · press@company.example · +44 20 7946 0000</p></section>
<section class="downloads"><h3>Downloads</h3><ul><li><a href="/x.pdf">Release (PDF, 120 KB)</a></li><li><a href="/img.zip">Images (ZIP)</a></li></ul></section></main>
{_footer("Company plc")}</body></html>"""


def magazine(title: str, body: list[str], n: int) -> str:
    pieces = []
    for i, (tag, text) in enumerate(_paragraphs(body)):
        pieces.append(f'<div class="rich-text"><{tag}>{_e(text)}</{tag}></div>')
        if i == 1:
            pieces.append('<div class="ad-slot"><span>Advertisement</span><div id="ad-1"></div></div>')
            pieces.append(f'<figure><img src="/i.jpg" alt=""><figcaption>Photo: company handout. The site in {2020 + n % 6}.</figcaption></figure>')
        if i == 2:
            pieces.append(f'<aside class="pullquote"><blockquote>{_e(body[0][:90])}</blockquote></aside>')
    return f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>{_e(title)} — Business Review</title>
<meta name="author" content="{AUTHORS[(n + 2) % 6]}"></head><body>
<div id="top-ad">Advertisement</div><header class="masthead"><a href="/">Business Review</a>{_nav()}</header>
<div class="article-container"><div class="article-header"><span class="section">Strategy</span><h1>{_e(title)}</h1>
<p class="dek">Our correspondent reports.</p></div><div class="article-body">{''.join(pieces)}</div>
<div class="topics">Topics: <a href="/t/a">Operations</a>, <a href="/t/b">Finance</a></div>
<div class="author-bio">{AUTHORS[(n + 2) % 6]} is a senior correspondent covering European industry.</div></div>
<div class="more"><h2>More from Business Review</h2>{''.join(f'<a href="/m/{i}">{_e(t)}</a>' for i, t in enumerate(RELATED))}</div>
{_footer("Business Review")}</body></html>"""


TEMPLATES: list[tuple[str, Callable[[str, list[str], int], str]]] = [
    ("news", news), ("blog_table", blog_table), ("div_soup", div_soup), ("spa_jsonld", spa_jsonld),
    ("press_release", press_release), ("magazine", magazine),
]


def generated_pages() -> Iterator[CorpusPage]:
    """72 pages: every article in every template."""
    for n, (title, body) in enumerate(ARTICLES):
        for name, template in TEMPLATES:
            yield CorpusPage(f"{name}-{n:02d}", f"https://{name.replace('_', '-')}.example/a/{n}",
                             template(title, body, n), _truth(body))
