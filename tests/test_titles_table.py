"""Job titles as people write them: a table of real spellings and the positions each may hold.

Each row: the title, then the positions a reasonable reader would accept as the first
suggestion ("-" = no position should be suggested). The table is written by hand.
"""

from __future__ import annotations

import pytest

from teambuilder.catalogue import catalogue
from teambuilder.titles import read_title, suggest_positions

TABLE = """
Sr. MLE | ml_engineer
MLE II | ml_engineer
Machine Learning Engineer | ml_engineer
machine-learning engineer | ml_engineer
ML Engineer (m/w/d) | ml_engineer
Engineer, Machine Learning | ml_engineer
Senior Machine Learning Engineer, Ranking | ml_engineer
AI Engineer | ml_engineer
GenAI Engineer | ml_engineer
LLM Engineer | ml_engineer
NLP Engineer | ml_engineer
Computer Vision Engineer | ml_engineer
Deep Learning Engineer | ml_engineer
Applied ML Engineer | ml_engineer
ML Developer | ml_engineer
KI-Entwickler | ml_engineer
Ingénieur IA | ml_engineer
Ingeniero de Machine Learning | ml_engineer
Staff ML Engineer | ml_engineer, tech_lead
Lead ML Engineer | tech_lead, ml_engineer
Principal Machine Learning Engineer | ml_engineer, tech_lead
Junior ML Engineer | ml_engineer
ML Engineer L5 | ml_engineer
MLOps Engineer | mlops_engineer
Sr MLOps Engineer | mlops_engineer
MLOps Eng. | mlops_engineer
ML Ops Engineer | mlops_engineer
Ingénieur MLOps | mlops_engineer
MLOps Ingenieur (m/w/d) | mlops_engineer
ML Platform Engineer | mlops_engineer
Machine Learning Platform Engineer | mlops_engineer
ML Infrastructure Engineer | mlops_engineer
Staff SWE, ML Infra | mlops_engineer, tech_lead
Software Engineer - ML Infrastructure | mlops_engineer
Engineer, ML Platform | mlops_engineer
LLMOps Engineer | mlops_engineer
AI Platform Engineer | mlops_engineer
Model Operations Engineer | mlops_engineer
MLOps Specialist | mlops_engineer
MLOps | mlops_engineer
Senior Data Scientist | data_scientist
Data Scientist | data_scientist
Data Scientist II | data_scientist
Sr. DS | data_scientist
DS | data_scientist
Data Scientist (f/m/x) | data_scientist
Scientist, Data | data_scientist
Applied Scientist | data_scientist
Research Scientist | data_scientist
ML Scientist | data_scientist
AI Researcher | data_scientist
Machine Learning Researcher | data_scientist
Statistician | data_scientist
Quantitative Analyst | data_scientist
Quant Analyst | data_scientist
Decision Scientist | data_scientist
NLP Scientist | data_scientist
Datenwissenschaftler | data_scientist
Principal Data Scientist | data_scientist, tech_lead
Lead Data Scientist | tech_lead, data_scientist
Data Engineer | analytics_engineer
Sr. Data Engineer | analytics_engineer
Big Data Engineer | analytics_engineer
Data Platform Engineer | analytics_engineer, platform_engineer
ETL Developer | analytics_engineer
ETL Engineer | analytics_engineer
BI Developer | analytics_engineer
BI Engineer | analytics_engineer
Business Intelligence Developer | analytics_engineer
Analytics Engineer | analytics_engineer
Analytics Engineer, dbt | analytics_engineer
Data Warehouse Engineer | analytics_engineer
DWH Developer | analytics_engineer
Power BI Developer | analytics_engineer
Data Analyst | analytics_engineer, data_scientist
BI Analyst | analytics_engineer
Reporting Analyst | analytics_engineer
Senior Analytics Analyst | analytics_engineer
Daten-Ingenieur | analytics_engineer
Staff Data Engineer | analytics_engineer, tech_lead
Platform Engineer | platform_engineer
Cloud Engineer | platform_engineer
DevOps Engineer | platform_engineer
Dev Ops Engineer | platform_engineer
DevSecOps Engineer | platform_engineer
Site Reliability Engineer | platform_engineer
SRE | platform_engineer
SRE II | platform_engineer
Sr. SRE | platform_engineer
Infrastructure Engineer | platform_engineer
Infra Engineer | platform_engineer
Systems Engineer | platform_engineer
Cloud Infrastructure Engineer | platform_engineer
Kubernetes Engineer | platform_engineer
AWS Cloud Engineer | platform_engineer
Systems Administrator | platform_engineer
Sysadmin | platform_engineer
Reliability Engineer | platform_engineer
Cloud-Ingenieur | platform_engineer
Staff Platform Engineer | platform_engineer, tech_lead
Tech Lead | tech_lead
Technical Lead | tech_lead
TL, ML | tech_lead, ml_engineer
Tech Lead, ML Platform | tech_lead, mlops_engineer
Lead Engineer | tech_lead
Principal Engineer | tech_lead
Staff Engineer | tech_lead
Staff Software Engineer | tech_lead
Lead Developer | tech_lead
Engineering Lead | tech_lead
Distinguished Engineer | tech_lead
Solution Architect | architect
Solutions Architect | architect
Enterprise Architect | architect
Data Architect | architect
Cloud Architect | architect
ML Architect | architect
Software Architect | architect
AI Solutions Architect | architect
Architect | architect
Lead Architect | architect
Product Owner | inside_out
PO | inside_out
Technical Product Owner | inside_out
Product Owner, Data Platform | inside_out
Project Manager | inside_out
IT Project Manager | inside_out
Delivery Manager | inside_out
Data Science Manager | inside_out
Manager, Data Science | inside_out
ML Engineering Manager | inside_out
Engineering Manager | inside_out
EM, MLOps | inside_out
Scrum Master | inside_out
Agile Coach | inside_out
Requirements Engineer | inside_out
Analytics Manager | inside_out
Product Manager | outside_in
PM | outside_in
Senior Product Manager, AI | outside_in
Technical Program Manager | outside_in
TPM | outside_in
Programme Manager | outside_in
Program Manager, Data | outside_in
Business Analyst | outside_in
Analytics Translator | outside_in
Business Process Owner | outside_in
Business Consultant | outside_in
Head of Product | outside_in
Product Lead | outside_in
Digital Transformation Lead | outside_in
Head of DS | executive_sponsor, inside_out
Head of Data Science | executive_sponsor, inside_out
Head of Data | executive_sponsor, inside_out
Head of AI | executive_sponsor, inside_out
Head of Machine Learning | executive_sponsor, inside_out
Head of Analytics | executive_sponsor, inside_out
Data Science, Head of | executive_sponsor, inside_out
Leiter Data Science | executive_sponsor, inside_out
Head of MLOps | inside_out, tech_lead, executive_sponsor
Head of Platform | inside_out, tech_lead, executive_sponsor
Head of Engineering | executive_sponsor, inside_out
VP Data & AI | executive_sponsor
VP, Data and AI | executive_sponsor
VP Engineering | executive_sponsor
SVP Technology | executive_sponsor
Vice President, Machine Learning | executive_sponsor
Director of Data Science | executive_sponsor, inside_out
Director, ML Engineering | executive_sponsor, inside_out
Data Director | executive_sponsor
Director of AI | executive_sponsor
Senior Director, Analytics | executive_sponsor
CTO | executive_sponsor
CTO & Co-founder | executive_sponsor
CDO | executive_sponsor
Chief Data Officer | executive_sponsor
Chief Data & Analytics Officer | executive_sponsor
Chief AI Officer | executive_sponsor
CEO | executive_sponsor
Chief Technology Officer | executive_sponsor
CIO | executive_sponsor
Managing Director | executive_sponsor
General Manager | executive_sponsor
Business Unit Head | executive_sponsor
Co-Founder | executive_sponsor
Founder & CEO | executive_sponsor
Geschäftsführer | executive_sponsor
AI Champion | evangelist
AI Evangelist | evangelist
Developer Advocate | evangelist
Community Lead | evangelist
Data Ambassador | evangelist
Chef | -
Senior | -
Accountant | -
HR Business Partner | -
Office Manager | -
Marketing Manager | -
Frontend Engineer | -
iOS Developer | -
UX Designer | -
Sales Representative | -
Nurse | -
Recruiter | -
Security Engineer | -
QA Engineer | -
Intern | -
"""


def rows() -> list[tuple[str, frozenset[str]]]:
    found = []
    for line in TABLE.strip().splitlines():
        title, _, accepted = line.rpartition("|")
        ids = frozenset(a.strip() for a in accepted.split(",") if a.strip() not in ("", "-"))
        found.append((title.strip(), ids))
    return found


ROWS = rows()


def test_the_table_is_large_and_names_only_real_positions():
    ids = set(catalogue().position_ids)

    assert len(ROWS) >= 150
    assert len({title.casefold() for title, _ in ROWS}) == len(ROWS)
    assert all(accepted <= ids for _, accepted in ROWS)
    assert all(accepted for _, accepted in ROWS[:5])


@pytest.mark.parametrize(("title", "accepted"), ROWS, ids=[title for title, _ in ROWS])
def test_the_first_suggestion_of_a_title_is_one_a_reader_would_accept(title, accepted):
    suggestions = suggest_positions(title)

    if accepted:
        assert suggestions, read_title(title).note
        assert suggestions[0].position in accepted, [(s.position, s.score) for s in suggestions]
    else:
        assert suggestions == [], [(s.position, s.score) for s in suggestions]


@pytest.mark.parametrize(
    ("title", "second"),
    [
        ("Head of DS", "inside_out"),
        ("Staff SWE, ML Infra", "tech_lead"),
        ("Lead Data Scientist", "data_scientist"),
        ("Director of Data Science", "inside_out"),
    ],
)
def test_a_title_with_two_readings_offers_both(title, second):
    positions = [s.position for s in suggest_positions(title)]

    assert second in positions[1:]


def test_every_title_that_fits_nothing_says_why_in_words():
    for title, accepted in ROWS:
        reading = read_title(title)
        if not accepted:
            assert "position" in reading.note, title
            assert all(g.confidence < 0.35 for g in reading.positions), title
