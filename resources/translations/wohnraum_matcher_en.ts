<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="de">
<context>
    <name>Labels</name>
    <message>
        <source>Eigenes Konzept (Richtwerttabelle)</source>
        <translation>Own concept (table of reference rents)</translation>
    </message>
    <message>
        <source>Wohngeldtabelle + 10 %</source>
        <translation>Housing benefit table + 10 %</translation>
    </message>
    <message>
        <source>Wohngeldtabelle + 10 % + Klimakomponente</source>
        <translation>Housing benefit table + 10 % + climate component</translation>
    </message>
    <message>
        <source>(Wohngeldtabelle + Klimakomponente) + 10 %</source>
        <translation>(Housing benefit table + climate component) + 10 %</translation>
    </message>
    <message>
        <source>Dolmetscher/in</source>
        <translation>Interpreter</translation>
    </message>
    <message>
        <source>Pate/Patin (Ehrenamt)</source>
        <translation>Volunteer sponsor</translation>
    </message>
    <message>
        <source>Sozialarbeiter/in</source>
        <translation>Social worker</translation>
    </message>
    <message>
        <source>sonstige Kontaktperson</source>
        <translation>other contact person</translation>
    </message>
    <message>
        <source>zu weit entfernt</source>
        <translation>too far away</translation>
    </message>
    <message>
        <source>zu klein</source>
        <translation>too small</translation>
    </message>
    <message>
        <source>zu teuer</source>
        <translation>too expensive</translation>
    </message>
    <message>
        <source>Zustand der Wohnung</source>
        <translation>condition of the flat</translation>
    </message>
    <message>
        <source>keine Verkehrsanbindung</source>
        <translation>no public transport</translation>
    </message>
    <message>
        <source>familiäre Gründe</source>
        <translation>family reasons</translation>
    </message>
    <message>
        <source>Vermieter hat abgelehnt</source>
        <translation>landlord declined</translation>
    </message>
    <message>
        <source>andere Wohnung gefunden</source>
        <translation>found another flat</translation>
    </message>
    <message>
        <source>keine Zusicherung</source>
        <translation>no cost approval</translation>
    </message>
    <message>
        <source>sonstiger Grund</source>
        <translation>other reason</translation>
    </message>
    <message>
        <source>erfasst</source>
        <translation>entered</translation>
    </message>
    <message>
        <source>berechnet</source>
        <translation>calculated</translation>
    </message>
    <message>
        <source>Landkreis</source>
        <translation>District</translation>
    </message>
    <message>
        <source>Kreisfreie Stadt</source>
        <translation>Independent city</translation>
    </message>
    <message>
        <source>Region</source>
        <translation>Region</translation>
    </message>
    <message>
        <source>Mietvertrag über Wohnraum</source>
        <translation>Residential lease</translation>
    </message>
    <message>
        <source>Untermietvertrag</source>
        <translation>Sublease</translation>
    </message>
    <message>
        <source>Generalmietvertrag</source>
        <translation>Head lease</translation>
    </message>
    <message>
        <source>Dauernutzungsvertrag</source>
        <translation>Cooperative usage agreement</translation>
    </message>
    <message>
        <source>Mietbescheinigung</source>
        <translation>Rent certificate</translation>
    </message>
    <message>
        <source>Wohnungsgeberbestätigung</source>
        <translation>Landlord&apos;s confirmation for registration</translation>
    </message>
    <message>
        <source>Übergabeprotokoll</source>
        <translation>Handover protocol</translation>
    </message>
    <message>
        <source>Übersicht der Pflichten</source>
        <translation>Summary of duties</translation>
    </message>
    <message>
        <source>Prüfblatt Angemessenheit</source>
        <translation>Rent cap check sheet</translation>
    </message>
    <message>
        <source>ausschließen</source>
        <translation>exclude</translation>
    </message>
    <message>
        <source>nur warnen</source>
        <translation>warn only</translation>
    </message>
    <message>
        <source>Bushaltestelle</source>
        <translation>Bus stop</translation>
    </message>
    <message>
        <source>Schule</source>
        <translation>School</translation>
    </message>
    <message>
        <source>Kita</source>
        <translation>Day care</translation>
    </message>
    <message>
        <source>Hausarzt</source>
        <translation>GP</translation>
    </message>
    <message>
        <source>Integrationskurs</source>
        <translation>Integration course</translation>
    </message>
    <message>
        <source>Jobcenter</source>
        <translation>Jobcenter</translation>
    </message>
    <message>
        <source>frei</source>
        <translation>available</translation>
    </message>
    <message>
        <source>reserviert</source>
        <translation>reserved</translation>
    </message>
    <message>
        <source>vermietet</source>
        <translation>let</translation>
    </message>
    <message>
        <source>gesperrt</source>
        <translation>blocked</translation>
    </message>
    <message>
        <source>keine Deutschkenntnisse</source>
        <translation>no German</translation>
    </message>
    <message>
        <source>A1</source>
        <translation>A1</translation>
    </message>
    <message>
        <source>A2</source>
        <translation>A2</translation>
    </message>
    <message>
        <source>B1</source>
        <translation>B1</translation>
    </message>
    <message>
        <source>B2</source>
        <translation>B2</translation>
    </message>
    <message>
        <source>C1</source>
        <translation>C1</translation>
    </message>
    <message>
        <source>C2</source>
        <translation>C2</translation>
    </message>
    <message>
        <source>Muttersprache</source>
        <translation>native speaker</translation>
    </message>
    <message>
        <source>Gas</source>
        <translation>Gas</translation>
    </message>
    <message>
        <source>Öl</source>
        <translation>Oil</translation>
    </message>
    <message>
        <source>Fernwärme</source>
        <translation>District heating</translation>
    </message>
    <message>
        <source>Wärmepumpe</source>
        <translation>Heat pump</translation>
    </message>
    <message>
        <source>Strom</source>
        <translation>Electricity</translation>
    </message>
    <message>
        <source>Holz/Pellets</source>
        <translation>Wood/pellets</translation>
    </message>
    <message>
        <source>sonstiger</source>
        <translation>other</translation>
    </message>
    <message>
        <source>Zentralheizung</source>
        <translation>Central heating</translation>
    </message>
    <message>
        <source>Etagenheizung</source>
        <translation>Single-flat heating</translation>
    </message>
    <message>
        <source>Einzelöfen</source>
        <translation>Individual stoves</translation>
    </message>
    <message>
        <source>Elektroheizung</source>
        <translation>Electric heating</translation>
    </message>
    <message>
        <source>sonstige</source>
        <translation>other</translation>
    </message>
    <message>
        <source>wartend</source>
        <translation>waiting</translation>
    </message>
    <message>
        <source>Angebot</source>
        <translation>offer</translation>
    </message>
    <message>
        <source>untergebracht</source>
        <translation>housed</translation>
    </message>
    <message>
        <source>zurückgestellt</source>
        <translation>on hold</translation>
    </message>
    <message>
        <source>abgemeldet</source>
        <translation>withdrawn</translation>
    </message>
    <message>
        <source>Privatperson</source>
        <translation>Private person</translation>
    </message>
    <message>
        <source>Wohnungsunternehmen</source>
        <translation>Housing company</translation>
    </message>
    <message>
        <source>Genossenschaft</source>
        <translation>Cooperative</translation>
    </message>
    <message>
        <source>Kommune</source>
        <translation>Municipality</translation>
    </message>
    <message>
        <source>Mietvertrag</source>
        <translation>Lease</translation>
    </message>
    <message>
        <source>keine</source>
        <translation>none</translation>
    </message>
    <message>
        <source>Land Niedersachsen</source>
        <translation>State of Lower Saxony</translation>
    </message>
    <message>
        <source>Gemeinde</source>
        <translation>Municipality</translation>
    </message>
    <message>
        <source>Sozialamt</source>
        <translation>Social welfare office</translation>
    </message>
    <message>
        <source>kein Kostenträger</source>
        <translation>no paying authority</translation>
    </message>
    <message>
        <source>vorgeschlagen</source>
        <translation>proposed</translation>
    </message>
    <message>
        <source>Besichtigung</source>
        <translation>viewing</translation>
    </message>
    <message>
        <source>Zusage</source>
        <translation>accepted</translation>
    </message>
    <message>
        <source>Absage</source>
        <translation>declined</translation>
    </message>
    <message>
        <source>Vertrag entworfen</source>
        <translation>lease drafted</translation>
    </message>
    <message>
        <source>unterschrieben</source>
        <translation>signed</translation>
    </message>
    <message>
        <source>Einzug</source>
        <translation>moved in</translation>
    </message>
    <message>
        <source>abgebrochen</source>
        <translation>cancelled</translation>
    </message>
    <message>
        <source>Antragsteller/in</source>
        <translation>Applicant</translation>
    </message>
    <message>
        <source>Ehe-/Lebenspartner/in</source>
        <translation>Spouse or partner</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Child</translation>
    </message>
    <message>
        <source>Elternteil</source>
        <translation>Parent</translation>
    </message>
    <message>
        <source>Geschwister</source>
        <translation>Sibling</translation>
    </message>
    <message>
        <source>andere Verwandte</source>
        <translation>Other relative</translation>
    </message>
    <message>
        <source>nicht verwandt</source>
        <translation>Not related</translation>
    </message>
    <message>
        <source>Aufenthaltsgestattung (§ 55 AsylG)</source>
        <translation>Permission to stay during the asylum procedure (§ 55 AsylG)</translation>
    </message>
    <message>
        <source>Duldung (§ 60a AufenthG)</source>
        <translation>Toleration (§ 60a AufenthG)</translation>
    </message>
    <message>
        <source>Aufenthaltserlaubnis § 25 Abs. 1</source>
        <translation>Residence permit § 25 (1)</translation>
    </message>
    <message>
        <source>Aufenthaltserlaubnis § 25 Abs. 2</source>
        <translation>Residence permit § 25 (2)</translation>
    </message>
    <message>
        <source>Aufenthaltserlaubnis § 25 Abs. 3</source>
        <translation>Residence permit § 25 (3)</translation>
    </message>
    <message>
        <source>Aufenthaltserlaubnis § 25 Abs. 5</source>
        <translation>Residence permit § 25 (5)</translation>
    </message>
    <message>
        <source>Aufenthaltserlaubnis § 22</source>
        <translation>Residence permit § 22</translation>
    </message>
    <message>
        <source>Aufenthaltserlaubnis § 23</source>
        <translation>Residence permit § 23</translation>
    </message>
    <message>
        <source>Aufenthaltserlaubnis § 24</source>
        <translation>Residence permit § 24</translation>
    </message>
    <message>
        <source>Niederlassungserlaubnis</source>
        <translation>Settlement permit</translation>
    </message>
    <message>
        <source>deutsche oder EU-Staatsangehörigkeit</source>
        <translation>German or EU citizenship</translation>
    </message>
    <message>
        <source>sonstiger Status</source>
        <translation>other status</translation>
    </message>
    <message>
        <source>weiblich</source>
        <translation>female</translation>
    </message>
    <message>
        <source>männlich</source>
        <translation>male</translation>
    </message>
    <message>
        <source>divers</source>
        <translation>diverse</translation>
    </message>
    <message>
        <source>unbekannt</source>
        <translation>unknown</translation>
    </message>
    <message>
        <source>normal</source>
        <translation>normal</translation>
    </message>
    <message>
        <source>hoch</source>
        <translation>high</translation>
    </message>
    <message>
        <source>dringend</source>
        <translation>urgent</translation>
    </message>
    <message>
        <source>Wunschort</source>
        <translation>Preferred place</translation>
    </message>
    <message>
        <source>ausgeschlossener Ort</source>
        <translation>Excluded place</translation>
    </message>
    <message>
        <source>Angehörige in</source>
        <translation>Relatives in</translation>
    </message>
    <message>
        <source>Arbeitsort</source>
        <translation>Place of work</translation>
    </message>
</context>
</TS>
