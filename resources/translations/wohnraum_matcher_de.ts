<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de" sourcelanguage="en">
<context>
    <name>BreakdownModel</name>
    <message>
        <source>Criterion</source>
        <translation>Kriterium</translation>
    </message>
    <message>
        <source>Fit</source>
        <translation>Passung</translation>
    </message>
    <message>
        <source>Weight</source>
        <translation>Gewicht</translation>
    </message>
    <message>
        <source>Points</source>
        <translation>Punkte</translation>
    </message>
    <message>
        <source>Explanation</source>
        <translation>Erläuterung</translation>
    </message>
</context>
<context>
    <name>BreakdownPanel</name>
    <message>
        <source>Suitable: %1 of 100 points.</source>
        <translation>Geeignet: %1 von 100 Punkten.</translation>
    </message>
    <message>
        <source>Unsuitable: the rules below exclude this pair (it would score %1 points).</source>
        <translation>Ungeeignet: Die folgenden Regeln schließen diese Vermittlung aus (sie käme auf %1 Punkte).</translation>
    </message>
    <message>
        <source>Warning – %1: %2</source>
        <translation>Warnung – %1: %2</translation>
    </message>
</context>
<context>
    <name>ComparisonAreaDialog</name>
    <message>
        <source>New comparison area</source>
        <translation>Neuer Vergleichsraum</translation>
    </message>
    <message>
        <source>Change comparison area</source>
        <translation>Vergleichsraum ändern</translation>
    </message>
    <message>
        <source>A comparison area groups municipalities of the district that have the same rent limits. Each municipality can belong to one comparison area only.</source>
        <translation>Ein Vergleichsraum fasst Gemeinden des Landkreises mit denselben Richtwerten zusammen. Jede Gemeinde kann nur zu einem Vergleichsraum gehören.</translation>
    </message>
    <message>
        <source>e.g. North</source>
        <translation>z. B. Nord</translation>
    </message>
    <message>
        <source>Find a municipality…</source>
        <translation>Gemeinde suchen …</translation>
    </message>
    <message>
        <source>Find a municipality</source>
        <translation>Gemeinde suchen</translation>
    </message>
    <message>
        <source>Municipalities of the comparison area</source>
        <translation>Gemeinden des Vergleichsraums</translation>
    </message>
    <message>
        <source>&amp;Name</source>
        <translation>&amp;Name</translation>
    </message>
    <message>
        <source>&amp;Municipalities</source>
        <translation>&amp;Gemeinden</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>&amp;Speichern</translation>
    </message>
    <message>
        <source>Rent limits from %1 on are stored for this area. If you change its municipalities, those limits apply to the changed municipalities too.</source>
        <translation>Für diesen Vergleichsraum sind Richtwerte ab %1 gespeichert. Wenn Sie seine Gemeinden ändern, gelten diese Richtwerte auch für die geänderten Gemeinden.</translation>
    </message>
    <message>
        <source>%1 (in %2)</source>
        <translation>%1 (in %2)</translation>
    </message>
    <message>
        <source>Already belongs to comparison area %1.</source>
        <translation>Gehört schon zum Vergleichsraum %1.</translation>
    </message>
    <message>
        <source>No municipality chosen yet.</source>
        <translation>Noch keine Gemeinde ausgewählt.</translation>
    </message>
    <message>
        <source>1 municipality chosen: %2</source>
        <translation>1 Gemeinde ausgewählt: %2</translation>
    </message>
    <message>
        <source>%1 municipalities chosen: %2</source>
        <translation>%1 Gemeinden ausgewählt: %2</translation>
    </message>
</context>
<context>
    <name>CrashDialog</name>
    <message>
        <source>Unexpected error</source>
        <translation>Unerwarteter Fehler</translation>
    </message>
    <message>
        <source>Something went wrong that the program did not expect. Everything you saved is safe; input that was not saved yet may be lost.

If the program behaves strangely now, close it and start it again. Please report the error to your IT support: copy the details below into your message.</source>
        <translation>Es ist ein Fehler aufgetreten, mit dem das Programm nicht gerechnet hat. Alles, was Sie gespeichert haben, ist sicher; noch nicht gespeicherte Eingaben können verloren sein.

Wenn sich das Programm jetzt ungewohnt verhält, schließen Sie es und starten Sie es neu. Bitte melden Sie den Fehler Ihrer IT-Betreuung und kopieren Sie dazu die Details unten in Ihre Nachricht.</translation>
    </message>
    <message>
        <source>Copy details</source>
        <translation>Details kopieren</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Schließen</translation>
    </message>
    <message>
        <source>Details copied</source>
        <translation>Details kopiert</translation>
    </message>
</context>
<context>
    <name>DatabaseDialogs</name>
    <message>
        <source>Close</source>
        <translation>Schließen</translation>
    </message>
    <message>
        <source>The database cannot be opened</source>
        <translation>Die Datenbank kann nicht geöffnet werden</translation>
    </message>
    <message>
        <source>Please check the file or the server address and your access rights. If the problem remains, tell your IT support this error type: %1</source>
        <translation>Bitte prüfen Sie die Datei bzw. die Serveradresse und Ihre Zugriffsrechte. Besteht das Problem weiter, nennen Sie Ihrer IT-Betreuung diese Fehlerart: %1</translation>
    </message>
    <message>
        <source>An error occurred while opening the database.</source>
        <translation>Beim Öffnen der Datenbank ist ein Fehler aufgetreten.</translation>
    </message>
</context>
<context>
    <name>DeleteFlatCommand</name>
    <message>
        <source>Delete flat %1</source>
        <translation>Wohnung %1 löschen</translation>
    </message>
</context>
<context>
    <name>DetailPane</name>
    <message>
        <source>&amp;Edit…</source>
        <translation>&amp;Bearbeiten …</translation>
    </message>
    <message>
        <source>Open the form (Enter or double-click in the list does the same)</source>
        <translation>Öffnet das Formular (ebenso Eingabetaste oder Doppelklick in der Liste)</translation>
    </message>
</context>
<context>
    <name>DocumentTableModel</name>
    <message>
        <source>No.</source>
        <translation>Nr.</translation>
    </message>
    <message>
        <source>Document</source>
        <translation>Dokument</translation>
    </message>
    <message>
        <source>Placement</source>
        <translation>Vorgang</translation>
    </message>
    <message>
        <source>Case number</source>
        <translation>Aktenzeichen</translation>
    </message>
    <message>
        <source>Printed</source>
        <translation>Gedruckt</translation>
    </message>
    <message>
        <source>By</source>
        <translation>Von</translation>
    </message>
</context>
<context>
    <name>DocumentsPage</name>
    <message>
        <source>Placement: no., case number or address</source>
        <translation>Vorgang: Nr., Aktenzeichen oder Adresse</translation>
    </message>
    <message>
        <source>&amp;Produce document</source>
        <translation>Dokument &amp;erstellen</translation>
    </message>
    <message>
        <source>Produce the document from the current data and archive it</source>
        <translation>Dokument aus den aktuellen Daten erstellen und archivieren</translation>
    </message>
    <message>
        <source>For &amp;placement</source>
        <translation>Für &amp;Vorgang</translation>
    </message>
    <message>
        <source>Search archive: case number, address, no.…</source>
        <translation>Archiv durchsuchen: Aktenzeichen, Adresse, Nr.…</translation>
    </message>
    <message>
        <source>Show only one kind of document</source>
        <translation>Nur eine Art von Dokument anzeigen</translation>
    </message>
    <message>
        <source>All documents</source>
        <translation>Alle Dokumente</translation>
    </message>
    <message>
        <source>No documents archived yet. Choose a placement and a document above and produce it.</source>
        <translation>Noch keine Dokumente archiviert. Wählen Sie oben einen Vorgang und ein Dokument und erstellen Sie es.</translation>
    </message>
    <message>
        <source>Select a document in the list to see it here exactly as it was printed.</source>
        <translation>Wählen Sie ein Dokument in der Liste, um es hier genau so zu sehen, wie es gedruckt wurde.</translation>
    </message>
    <message>
        <source>P&amp;rint…</source>
        <translation>&amp;Drucken…</translation>
    </message>
    <message>
        <source>&amp;Save as PDF…</source>
        <translation>Als PDF &amp;speichern…</translation>
    </message>
    <message>
        <source>Show p&amp;lacement</source>
        <translation>&amp;Vorgang anzeigen</translation>
    </message>
    <message>
        <source>No document matches the search and the filter.</source>
        <translation>Kein Dokument passt zur Suche und zum Filter.</translation>
    </message>
    <message>
        <source>Please choose a placement first.</source>
        <translation>Bitte wählen Sie zuerst einen Vorgang.</translation>
    </message>
    <message>
        <source>Produce document</source>
        <translation>Dokument erstellen</translation>
    </message>
    <message>
        <source>Producing %1…</source>
        <translation>%1 wird erstellt…</translation>
    </message>
    <message>
        <source>Document %1 produced and archived.</source>
        <translation>Dokument %1 erstellt und archiviert.</translation>
    </message>
    <message>
        <source>The document cannot be produced yet:</source>
        <translation>Das Dokument kann noch nicht erstellt werden:</translation>
    </message>
    <message>
        <source>placement %1</source>
        <translation>Vorgang %1</translation>
    </message>
    <message>
        <source>%1 no. %2 for %3, printed %4</source>
        <translation>%1 Nr. %2 zu %3, gedruckt am %4</translation>
    </message>
    <message>
        <source>✓ Identical to the archived original (SHA-256 checked).</source>
        <translation>✓ Identisch mit dem archivierten Original (SHA-256 geprüft).</translation>
    </message>
    <message>
        <source>⚠ The stored file no longer matches its checksum: it was changed after printing. Do not hand it out; ask your IT support to restore it from a backup.</source>
        <translation>⚠ Die gespeicherte Datei passt nicht mehr zu ihrer Prüfsumme: Sie wurde nach dem Druck verändert. Bitte geben Sie sie nicht heraus und lassen Sie sie von Ihrer IT aus einer Sicherung wiederherstellen.</translation>
    </message>
    <message>
        <source>Please select a document to print.</source>
        <translation>Bitte wählen Sie ein Dokument zum Drucken.</translation>
    </message>
    <message>
        <source>Print %1</source>
        <translation>%1 drucken</translation>
    </message>
    <message>
        <source>Sent to the printer.</source>
        <translation>An den Drucker gesendet.</translation>
    </message>
    <message>
        <source>Save as PDF</source>
        <translation>Als PDF speichern</translation>
    </message>
    <message>
        <source>PDF files (*.pdf)</source>
        <translation>PDF-Dateien (*.pdf)</translation>
    </message>
    <message>
        <source>The file could not be saved: %1. Choose another folder or free some space.</source>
        <translation>Die Datei konnte nicht gespeichert werden: %1. Wählen Sie einen anderen Ordner oder schaffen Sie Platz.</translation>
    </message>
    <message>
        <source>Saved as %1.</source>
        <translation>Gespeichert als %1.</translation>
    </message>
</context>
<context>
    <name>EditFlatCommand</name>
    <message>
        <source>Edit flat %1</source>
        <translation>Wohnung %1 bearbeiten</translation>
    </message>
</context>
<context>
    <name>EditHouseholdCommand</name>
    <message>
        <source>Edit household %1</source>
        <translation>Haushalt %1 bearbeiten</translation>
    </message>
</context>
<context>
    <name>ErasureDialog</name>
    <message>
        <source>Delete household permanently (Art. 17 GDPR)</source>
        <translation>Haushalt endgültig löschen (Art. 17 DSGVO)</translation>
    </message>
    <message>
        <source>Delete household %1 permanently?</source>
        <translation>Haushalt %1 endgültig löschen?</translation>
    </message>
    <message>
        <source>e.g. request of 12.03.2026</source>
        <translation>z. B. Antrag vom 12.03.2026</translation>
    </message>
    <message>
        <source>Reason for the deletion</source>
        <translation>Anlass der Löschung</translation>
    </message>
    <message>
        <source>Recorded in the audit trail. Please write no names or other personal data.</source>
        <translation>Wird im Änderungsprotokoll vermerkt. Bitte tragen Sie keine Namen oder anderen personenbezogenen Daten ein.</translation>
    </message>
    <message>
        <source>Case number as confirmation</source>
        <translation>Aktenzeichen zur Bestätigung</translation>
    </message>
    <message>
        <source>This deletes the household with all its persons, contact persons, placements and printed documents from the database. It cannot be undone, not even with Edit › Undo.</source>
        <translation>Damit löschen Sie den Haushalt mit allen Personen, Kontaktpersonen, Vermittlungen und gedruckten Dokumenten endgültig aus der Datenbank. Das lässt sich nicht rückgängig machen, auch nicht mit Bearbeiten › Rückgängig.</translation>
    </message>
    <message>
        <source>Backup copies made before now still contain the household until they are replaced in the usual rotation.</source>
        <translation>Bereits angelegte Sicherungskopien enthalten den Haushalt noch, bis sie planmäßig ersetzt werden.</translation>
    </message>
    <message>
        <source>The list of changes you can undo (Edit › Undo) is emptied as well, because it may refer to this household.</source>
        <translation>Die Liste der Änderungen, die Sie rückgängig machen können (Bearbeiten › Rückgängig), wird dabei ebenfalls geleert, weil sie diesen Haushalt betreffen kann.</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Delete permanently</source>
        <translation>Endgültig löschen</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Schließen</translation>
    </message>
    <message>
        <source>Case number:</source>
        <translation>Aktenzeichen:</translation>
    </message>
    <message>
        <source>Persons:</source>
        <translation>Personen:</translation>
    </message>
    <message>
        <source>Contact persons:</source>
        <translation>Kontaktpersonen:</translation>
    </message>
    <message>
        <source>Placements:</source>
        <translation>Vermittlungen:</translation>
    </message>
    <message>
        <source>Printed documents:</source>
        <translation>Gedruckte Dokumente:</translation>
    </message>
    <message>
        <source>&amp;Reason:</source>
        <translation>&amp;Anlass:</translation>
    </message>
    <message>
        <source>To confirm, type the case number &lt;b&gt;%1&lt;/b&gt;:</source>
        <translation>Zur Bestätigung geben Sie bitte das Aktenzeichen &lt;b&gt;%1&lt;/b&gt; ein:</translation>
    </message>
    <message>
        <source>Case &amp;number:</source>
        <translation>Akten&amp;zeichen:</translation>
    </message>
    <message>
        <source>The database is open read-only: nothing can be deleted.</source>
        <translation>Die Datenbank ist schreibgeschützt geöffnet: Es kann nichts gelöscht werden.</translation>
    </message>
    <message>
        <source>Deleted from the database:</source>
        <translation>Aus der Datenbank gelöscht:</translation>
    </message>
    <message>
        <source>Type the case number first.</source>
        <translation>Geben Sie zuerst das Aktenzeichen ein.</translation>
    </message>
    <message>
        <source>Placements of this household still in progress: %1. Please complete or cancel them first (area Placements); then you can delete the household.</source>
        <translation>Für diesen Haushalt laufen noch Vermittlungen (%1). Bitte schließen Sie diese zuerst ab oder brechen Sie sie ab (Bereich Vorgänge); danach können Sie den Haushalt löschen.</translation>
    </message>
    <message>
        <source>Please give the reason for the deletion, e.g. “request of 12.03.2026” (without names).</source>
        <translation>Bitte geben Sie den Anlass der Löschung an, z. B. „Antrag vom 12.03.2026“ (ohne Namen).</translation>
    </message>
    <message>
        <source>Deleting household</source>
        <translation>Haushalt wird gelöscht</translation>
    </message>
    <message>
        <source>Household %1 has been deleted.</source>
        <translation>Der Haushalt %1 ist gelöscht.</translation>
    </message>
    <message>
        <source>The data has also been removed from the database file.</source>
        <translation>Die Daten sind auch aus der Datenbankdatei entfernt.</translation>
    </message>
    <message>
        <source>Another program is reading the database file at the moment; the deleted data disappears from the file completely as soon as it closes it.</source>
        <translation>Ein anderes Programm liest die Datenbankdatei gerade; die gelöschten Daten verschwinden vollständig aus der Datei, sobald es sie schließt.</translation>
    </message>
</context>
<context>
    <name>ExportActions</name>
    <message>
        <source>Export list</source>
        <translation>Liste exportieren</translation>
    </message>
    <message>
        <source>Excel workbook (*.xlsx)</source>
        <translation>Excel-Arbeitsmappe (*.xlsx)</translation>
    </message>
    <message>
        <source>CSV for Excel, semicolon-separated (*.csv)</source>
        <translation>CSV für Excel, mit Semikolon getrennt (*.csv)</translation>
    </message>
    <message>
        <source>The list shows personal data: %1.</source>
        <translation>Die Liste zeigt personenbezogene Daten: %1.</translation>
    </message>
    <message>
        <source>Export these columns only if the recipient may see them. The other columns are exported in any case.</source>
        <translation>Exportieren Sie diese Spalten nur, wenn der Empfänger sie sehen darf. Die übrigen Spalten werden in jedem Fall exportiert.</translation>
    </message>
    <message>
        <source>Export with personal data</source>
        <translation>Mit personenbezogenen Daten exportieren</translation>
    </message>
    <message>
        <source>Export without</source>
        <translation>Ohne diese Spalten exportieren</translation>
    </message>
    <message>
        <source>Writing %1…</source>
        <translation>%1 wird geschrieben …</translation>
    </message>
</context>
<context>
    <name>FlatChoiceModel</name>
    <message>
        <source>Address</source>
        <translation>Adresse</translation>
    </message>
    <message>
        <source>Municipality</source>
        <translation>Gemeinde</translation>
    </message>
    <message>
        <source>Area</source>
        <translation>Fläche</translation>
    </message>
    <message>
        <source>Gross cold rent</source>
        <translation>Bruttokaltmiete</translation>
    </message>
</context>
<context>
    <name>FlatForm</name>
    <message>
        <source>New flat</source>
        <translation>Neue Wohnung</translation>
    </message>
    <message>
        <source>&amp;Address and landlord</source>
        <translation>&amp;Adresse und Vermieter</translation>
    </message>
    <message>
        <source>S&amp;pace and features</source>
        <translation>&amp;Fläche und Ausstattung</translation>
    </message>
    <message>
        <source>&amp;Costs</source>
        <translation>&amp;Kosten</translation>
    </message>
    <message>
        <source>&amp;Funding and head lease</source>
        <translation>Förder&amp;ung und Anmietung</translation>
    </message>
    <message>
        <source>&amp;History</source>
        <translation>&amp;Verlauf</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>&amp;Speichern</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>The database is open read-only: changes cannot be saved.</source>
        <translation>Die Datenbank ist schreibgeschützt geöffnet: Änderungen können nicht gespeichert werden.</translation>
    </message>
    <message>
        <source>New landlord…</source>
        <translation>Neuer Vermieter …</translation>
    </message>
    <message>
        <source>Landlord</source>
        <translation>Vermieter</translation>
    </message>
    <message>
        <source>Owner (if different)</source>
        <translation>Eigentümer (falls abweichend)</translation>
    </message>
    <message>
        <source>Landlord&apos;s flat reference</source>
        <translation>Wohnungsnummer des Vermieters</translation>
    </message>
    <message>
        <source>Street</source>
        <translation>Straße</translation>
    </message>
    <message>
        <source>House number</source>
        <translation>Hausnummer</translation>
    </message>
    <message>
        <source>Postcode</source>
        <translation>PLZ</translation>
    </message>
    <message>
        <source>Municipality</source>
        <translation>Gemeinde</translation>
    </message>
    <message>
        <source>District of the town</source>
        <translation>Ortsteil</translation>
    </message>
    <message>
        <source>Floor</source>
        <translation>Geschoss</translation>
    </message>
    <message>
        <source>Flat number</source>
        <translation>Wohnungsnummer</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Available from</source>
        <translation>Frei ab</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>Bemerkungen</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Adresse</translation>
    </message>
    <message>
        <source>Availability</source>
        <translation>Verfügbarkeit</translation>
    </message>
    <message>
        <source>Living area</source>
        <translation>Wohnfläche</translation>
    </message>
    <message>
        <source>Rooms</source>
        <translation>Zimmer</translation>
    </message>
    <message>
        <source>Bedrooms</source>
        <translation>Schlafzimmer</translation>
    </message>
    <message>
        <source>At most persons</source>
        <translation>Höchstens Personen</translation>
    </message>
    <message>
        <source>Lift</source>
        <translation>Aufzug</translation>
    </message>
    <message>
        <source>Step-free access</source>
        <translation>Stufenloser Zugang</translation>
    </message>
    <message>
        <source>Wheelchair accessible</source>
        <translation>Rollstuhlgerecht</translation>
    </message>
    <message>
        <source>Kitchen</source>
        <translation>Küche</translation>
    </message>
    <message>
        <source>Fitted kitchen</source>
        <translation>Einbauküche</translation>
    </message>
    <message>
        <source>Bathroom</source>
        <translation>Bad</translation>
    </message>
    <message>
        <source>Cellar</source>
        <translation>Keller</translation>
    </message>
    <message>
        <source>Parking space</source>
        <translation>Stellplatz</translation>
    </message>
    <message>
        <source>Pets allowed</source>
        <translation>Haustiere erlaubt</translation>
    </message>
    <message>
        <source>Smoke detectors</source>
        <translation>Rauchwarnmelder</translation>
    </message>
    <message>
        <source>Energy certificate (kind)</source>
        <translation>Energieausweis (Art)</translation>
    </message>
    <message>
        <source>Energy value</source>
        <translation>Energiekennwert</translation>
    </message>
    <message>
        <source>Energy efficiency class</source>
        <translation>Energieeffizienzklasse</translation>
    </message>
    <message>
        <source>Space and rooms</source>
        <translation>Fläche und Räume</translation>
    </message>
    <message>
        <source>Features and access</source>
        <translation>Ausstattung und Zugang</translation>
    </message>
    <message>
        <source>Energy</source>
        <translation>Energie</translation>
    </message>
    <message>
        <source>Net cold rent</source>
        <translation>Nettokaltmiete</translation>
    </message>
    <message>
        <source>Operating costs</source>
        <translation>Nebenkosten</translation>
    </message>
    <message>
        <source>Heating costs</source>
        <translation>Heizkosten</translation>
    </message>
    <message>
        <source>Surcharges (garage, furniture)</source>
        <translation>Zuschläge (Garage, Möblierung)</translation>
    </message>
    <message>
        <source>Heating</source>
        <translation>Heizung</translation>
    </message>
    <message>
        <source>Energy source</source>
        <translation>Energieträger</translation>
    </message>
    <message>
        <source>Central hot water</source>
        <translation>Warmwasser zentral</translation>
    </message>
    <message>
        <source>Deposit</source>
        <translation>Kaution</translation>
    </message>
    <message>
        <source>Cooperative shares (number)</source>
        <translation>Genossenschaftsanteile (Anzahl)</translation>
    </message>
    <message>
        <source>Amount per share</source>
        <translation>Betrag je Anteil</translation>
    </message>
    <message>
        <source>Rent per month</source>
        <translation>Miete monatlich</translation>
    </message>
    <message>
        <source>Deposit and shares</source>
        <translation>Kaution und Anteile</translation>
    </message>
    <message>
        <source>Publicly funded</source>
        <translation>Gefördert</translation>
    </message>
    <message>
        <source>Funding programme</source>
        <translation>Förderprogramm</translation>
    </message>
    <message>
        <source>Binding until</source>
        <translation>Bindung bis</translation>
    </message>
    <message>
        <source> € per m²</source>
        <translation> € je m²</translation>
    </message>
    <message>
        <source>Permitted rent</source>
        <translation>Zulässige Miete</translation>
    </message>
    <message>
        <source>Housing entitlement certificate required</source>
        <translation>Wohnberechtigungsschein nötig</translation>
    </message>
    <message>
        <source>Rented by the municipality since</source>
        <translation>Von der Gemeinde angemietet seit</translation>
    </message>
    <message>
        <source>Rented until</source>
        <translation>Angemietet bis</translation>
    </message>
    <message>
        <source>Can be terminated as of</source>
        <translation>Kündbar zum</translation>
    </message>
    <message>
        <source>Cost per month</source>
        <translation>Kosten der Anmietung monatlich</translation>
    </message>
    <message>
        <source>Funding and binding</source>
        <translation>Förderung und Bindung</translation>
    </message>
    <message>
        <source>Head lease by the municipality</source>
        <translation>Anmietung durch die Gemeinde (Generalmietvertrag)</translation>
    </message>
    <message>
        <source>When</source>
        <translation>Wann</translation>
    </message>
    <message>
        <source>Who</source>
        <translation>Wer</translation>
    </message>
    <message>
        <source>What</source>
        <translation>Was</translation>
    </message>
    <message>
        <source>Flat %1</source>
        <translation>Wohnung %1</translation>
    </message>
    <message>
        <source>Status: %1</source>
        <translation>Status: %1</translation>
    </message>
    <message>
        <source>Changed: %1</source>
        <translation>Geändert: %1</translation>
    </message>
    <message>
        <source>Flat recorded</source>
        <translation>Wohnung angelegt</translation>
    </message>
    <message>
        <source>Please choose an entry from the list.</source>
        <translation>Bitte wählen Sie einen Eintrag aus der Liste.</translation>
    </message>
    <message>
        <source>Please correct the marked fields. Nothing has been saved yet.</source>
        <translation>Bitte korrigieren Sie die markierten Felder. Es wurde noch nichts gespeichert.</translation>
    </message>
</context>
<context>
    <name>FlatTableModel</name>
    <message>
        <source>Address</source>
        <translation>Adresse</translation>
    </message>
    <message>
        <source>Municipality</source>
        <translation>Gemeinde</translation>
    </message>
    <message>
        <source>Living area</source>
        <translation>Wohnfläche</translation>
    </message>
    <message>
        <source>Rooms</source>
        <translation>Zimmer</translation>
    </message>
    <message>
        <source>Net cold rent</source>
        <translation>Nettokaltmiete</translation>
    </message>
    <message>
        <source>Gross cold rent</source>
        <translation>Bruttokaltmiete</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Available from</source>
        <translation>Frei ab</translation>
    </message>
    <message>
        <source>Landlord</source>
        <translation>Vermieter</translation>
    </message>
</context>
<context>
    <name>FlatsPage</name>
    <message>
        <source>Delete flat</source>
        <translation>Wohnung löschen</translation>
    </message>
    <message>
        <source>Delete flat %1?</source>
        <translation>Wohnung %1 löschen?</translation>
    </message>
    <message>
        <source>Its distances and status history are deleted with it; Edit → Undo brings it back. A flat with placements or documents cannot be deleted: block it instead.</source>
        <translation>Ihre Entfernungen und ihr Statusverlauf werden mit gelöscht; mit Bearbeiten → Rückgängig holen Sie die Wohnung zurück. Eine Wohnung mit Vermittlungen oder Dokumenten kann nicht gelöscht werden: Sperren Sie sie stattdessen.</translation>
    </message>
    <message>
        <source>&amp;Delete</source>
        <translation>&amp;Löschen</translation>
    </message>
    <message>
        <source>The flat cannot be deleted</source>
        <translation>Die Wohnung kann nicht gelöscht werden</translation>
    </message>
    <message>
        <source>%1, flat %2</source>
        <translation>%1, Whg. %2</translation>
    </message>
    <message>
        <source>Search address, municipality, landlord…</source>
        <translation>Adresse, Gemeinde, Vermieter suchen…</translation>
    </message>
    <message>
        <source>No flats recorded yet.</source>
        <translation>Noch keine Wohnungen erfasst.</translation>
    </message>
    <message>
        <source>Record the first one with File → New (Ctrl+N). To get to know the program, you can open the demo database.</source>
        <translation>Legen Sie die erste mit Datei → Neu (Strg+N) an. Um das Programm kennenzulernen, können Sie die Demodatenbank öffnen.</translation>
    </message>
    <message>
        <source>No flat matches the search and the filters.</source>
        <translation>Keine Wohnung passt zu Suche und Filtern.</translation>
    </message>
    <message>
        <source>Select a flat in the list to see its details here.</source>
        <translation>Wählen Sie eine Wohnung in der Liste aus, um hier ihre Angaben zu sehen.</translation>
    </message>
    <message>
        <source>+ New flat</source>
        <translation>+ Neue Wohnung</translation>
    </message>
    <message>
        <source>Flat %1</source>
        <translation>Wohnung %1</translation>
    </message>
    <message>
        <source>Location</source>
        <translation>Lage</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Adresse</translation>
    </message>
    <message>
        <source>Flat number</source>
        <translation>Wohnungsnummer</translation>
    </message>
    <message>
        <source>Floor</source>
        <translation>Geschoss</translation>
    </message>
    <message>
        <source>Space and rooms</source>
        <translation>Fläche und Räume</translation>
    </message>
    <message>
        <source>Living area</source>
        <translation>Wohnfläche</translation>
    </message>
    <message>
        <source>Rooms</source>
        <translation>Zimmer</translation>
    </message>
    <message>
        <source>Bedrooms</source>
        <translation>Schlafzimmer</translation>
    </message>
    <message>
        <source>Costs per month</source>
        <translation>Monatliche Kosten</translation>
    </message>
    <message>
        <source>Net cold rent</source>
        <translation>Nettokaltmiete</translation>
    </message>
    <message>
        <source>Gross cold rent</source>
        <translation>Bruttokaltmiete</translation>
    </message>
    <message>
        <source>Heating costs</source>
        <translation>Heizkosten</translation>
    </message>
    <message>
        <source>Availability and landlord</source>
        <translation>Verfügbarkeit und Vermieter</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Available from</source>
        <translation>Frei ab</translation>
    </message>
    <message>
        <source>Landlord</source>
        <translation>Vermieter</translation>
    </message>
    <message>
        <source>Kind of landlord</source>
        <translation>Art des Vermieters</translation>
    </message>
    <message>
        <source>Access and funding</source>
        <translation>Zugang und Förderung</translation>
    </message>
    <message>
        <source>Lift</source>
        <translation>Aufzug</translation>
    </message>
    <message>
        <source>Step-free access</source>
        <translation>Stufenloser Zugang</translation>
    </message>
    <message>
        <source>Wheelchair accessible</source>
        <translation>Rollstuhlgerecht</translation>
    </message>
    <message>
        <source>Publicly funded</source>
        <translation>Öffentlich gefördert</translation>
    </message>
    <message>
        <source>Head lease</source>
        <translation>Generalmietvertrag</translation>
    </message>
    <message>
        <source>Ground floor</source>
        <translation>Erdgeschoss</translation>
    </message>
    <message>
        <source>Basement</source>
        <translation>Untergeschoss</translation>
    </message>
    <message>
        <source>Floor %1</source>
        <translation>%1. Obergeschoss</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>ja</translation>
    </message>
    <message>
        <source>no</source>
        <translation>nein</translation>
    </message>
</context>
<context>
    <name>HouseholdChoiceModel</name>
    <message>
        <source>Case number</source>
        <translation>Aktenzeichen</translation>
    </message>
    <message>
        <source>Applicant</source>
        <translation>Antragsteller/in</translation>
    </message>
    <message>
        <source>Persons</source>
        <translation>Personen</translation>
    </message>
    <message>
        <source>Urgency</source>
        <translation>Dringlichkeit</translation>
    </message>
    <message>
        <source>Waiting since</source>
        <translation>Wartet seit</translation>
    </message>
</context>
<context>
    <name>HouseholdForm</name>
    <message>
        <source>New household</source>
        <translation>Neuer Haushalt</translation>
    </message>
    <message>
        <source>&amp;Case</source>
        <translation>&amp;Fall</translation>
    </message>
    <message>
        <source>&amp;Persons</source>
        <translation>&amp;Personen</translation>
    </message>
    <message>
        <source>&amp;Needs and wishes</source>
        <translation>&amp;Bedarf und Wünsche</translation>
    </message>
    <message>
        <source>&amp;Residence and health</source>
        <translation>Aufenthalt und &amp;Gesundheit</translation>
    </message>
    <message>
        <source>Sensitive data: shown only here, never in lists.</source>
        <translation>Besonders schützenswerte Daten: nur hier sichtbar, nie in Listen.</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>&amp;Speichern</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>The database is open read-only: changes cannot be saved.</source>
        <translation>Die Datenbank ist schreibgeschützt geöffnet: Änderungen können nicht gespeichert werden.</translation>
    </message>
    <message>
        <source>Case number</source>
        <translation>Aktenzeichen</translation>
    </message>
    <message>
        <source>Paying authority</source>
        <translation>Kostenträger</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>Telefon</translation>
    </message>
    <message>
        <source>Email</source>
        <translation>E-Mail</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Parked until</source>
        <translation>Zurückgestellt bis</translation>
    </message>
    <message>
        <source>Urgency</source>
        <translation>Dringlichkeit</translation>
    </message>
    <message>
        <source>Seeking a flat since</source>
        <translation>Wohnungssuchend seit</translation>
    </message>
    <message>
        <source>Flat needed from</source>
        <translation>Wohnung benötigt ab</translation>
    </message>
    <message>
        <source>Current accommodation</source>
        <translation>Derzeitige Unterkunft</translation>
    </message>
    <message>
        <source>Accommodation in</source>
        <translation>Ort der Unterkunft</translation>
    </message>
    <message>
        <source>There since</source>
        <translation>Dort seit</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>Bemerkungen</translation>
    </message>
    <message>
        <source>Case</source>
        <translation>Fall</translation>
    </message>
    <message>
        <source>Search for a flat</source>
        <translation>Wohnungssuche</translation>
    </message>
    <message>
        <source>Given name</source>
        <translation>Vorname</translation>
    </message>
    <message>
        <source>Family name</source>
        <translation>Familienname</translation>
    </message>
    <message>
        <source>Date of birth</source>
        <translation>Geburtsdatum</translation>
    </message>
    <message>
        <source>Year of birth</source>
        <translation>Geburtsjahr</translation>
    </message>
    <message>
        <source>Sex</source>
        <translation>Geschlecht</translation>
    </message>
    <message>
        <source>Relationship</source>
        <translation>Verhältnis</translation>
    </message>
    <message>
        <source>Nationality</source>
        <translation>Staatsangehörigkeit</translation>
    </message>
    <message>
        <source>Languages</source>
        <translation>Sprachen</translation>
    </message>
    <message>
        <source>German</source>
        <translation>Deutschkenntnisse</translation>
    </message>
    <message>
        <source>Dates as DD.MM.YYYY; leave the date empty when it is not known.</source>
        <translation>Daten als TT.MM.JJJJ; ist das Geburtsdatum unbekannt, lassen Sie es leer.</translation>
    </message>
    <message>
        <source>&amp;Add person</source>
        <translation>Person &amp;hinzufügen</translation>
    </message>
    <message>
        <source>Re&amp;move person</source>
        <translation>Person &amp;entfernen</translation>
    </message>
    <message>
        <source>Everyone who moves in together. Exactly one person is the applicant.</source>
        <translation>Alle, die zusammen einziehen. Genau eine Person ist Antragsteller/in.</translation>
    </message>
    <message>
        <source>Housing entitlement certificate</source>
        <translation>Wohnberechtigungsschein</translation>
    </message>
    <message>
        <source>Single parent</source>
        <translation>Alleinerziehend</translation>
    </message>
    <message>
        <source>Pets</source>
        <translation>Haustiere</translation>
    </message>
    <message>
        <source>Own car</source>
        <translation>Eigenes Auto</translation>
    </message>
    <message>
        <source>Particularly vulnerable</source>
        <translation>Besonders schutzbedürftig</translation>
    </message>
    <message>
        <source>Municipality</source>
        <translation>Gemeinde</translation>
    </message>
    <message>
        <source>Kind of wish</source>
        <translation>Art des Wunsches</translation>
    </message>
    <message>
        <source>Add &amp;place</source>
        <translation>&amp;Ort hinzufügen</translation>
    </message>
    <message>
        <source>Remove p&amp;lace</source>
        <translation>O&amp;rt entfernen</translation>
    </message>
    <message>
        <source>Places the household wishes for or rules out, where relatives live or work is.</source>
        <translation>Orte, die sich der Haushalt wünscht oder ausschließt, wo Angehörige leben oder Arbeit ist.</translation>
    </message>
    <message>
        <source>Circumstances</source>
        <translation>Lebensumstände</translation>
    </message>
    <message>
        <source>Residence status</source>
        <translation>Aufenthaltsstatus</translation>
    </message>
    <message>
        <source>Permit first issued on</source>
        <translation>Titel erstmals erteilt am</translation>
    </message>
    <message>
        <source>Residence obligation</source>
        <translation>Wohnsitzauflage</translation>
    </message>
    <message>
        <source>District</source>
        <translation>Landkreis</translation>
    </message>
    <message>
        <source>Obligation valid until</source>
        <translation>Auflage gilt bis</translation>
    </message>
    <message>
        <source>Uses a wheelchair</source>
        <translation>Rollstuhl</translation>
    </message>
    <message>
        <source>Cannot climb stairs</source>
        <translation>Keine Treppen</translation>
    </message>
    <message>
        <source>Needs the ground floor</source>
        <translation>Erdgeschoss nötig</translation>
    </message>
    <message>
        <source>Needs an extra room (medical)</source>
        <translation>Zusätzlicher Raum (medizinisch)</translation>
    </message>
    <message>
        <source>Regular medical treatment</source>
        <translation>Regelmäßige ärztliche Behandlung</translation>
    </message>
    <message>
        <source>Severe disability</source>
        <translation>Schwerbehinderung</translation>
    </message>
    <message>
        <source>Residence</source>
        <translation>Aufenthalt</translation>
    </message>
    <message>
        <source>Residence obligation (§ 12a AufenthG)</source>
        <translation>Wohnsitzauflage (§ 12a AufenthG)</translation>
    </message>
    <message>
        <source>Health and access needs</source>
        <translation>Gesundheit und Zugänglichkeit</translation>
    </message>
    <message>
        <source>Please enter the date as DD.MM.YYYY (for example 24.03.1990).</source>
        <translation>Bitte geben Sie das Datum als TT.MM.JJJJ ein (zum Beispiel 24.03.1990).</translation>
    </message>
    <message>
        <source>Please enter the year with four digits (for example 1990).</source>
        <translation>Bitte geben Sie das Jahr vierstellig ein (zum Beispiel 1990).</translation>
    </message>
    <message>
        <source>Household %1</source>
        <translation>Haushalt %1</translation>
    </message>
    <message>
        <source>Please choose an entry from the list.</source>
        <translation>Bitte wählen Sie einen Eintrag aus der Liste.</translation>
    </message>
    <message>
        <source>Please correct the marked fields. Nothing has been saved yet.</source>
        <translation>Bitte korrigieren Sie die markierten Felder. Es wurde noch nichts gespeichert.</translation>
    </message>
    <message>
        <source>Person %1</source>
        <translation>Person %1</translation>
    </message>
</context>
<context>
    <name>HouseholdTableModel</name>
    <message>
        <source>Case number</source>
        <translation>Aktenzeichen</translation>
    </message>
    <message>
        <source>Applicant</source>
        <translation>Antragsteller/in</translation>
    </message>
    <message>
        <source>Persons</source>
        <translation>Personen</translation>
    </message>
    <message>
        <source>Children</source>
        <translation>Kinder</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Urgency</source>
        <translation>Dringlichkeit</translation>
    </message>
    <message>
        <source>Seeking since</source>
        <translation>Suchend seit</translation>
    </message>
    <message>
        <source>Accommodation</source>
        <translation>Unterkunft</translation>
    </message>
    <message>
        <source>Accommodation in</source>
        <translation>Ort der Unterkunft</translation>
    </message>
</context>
<context>
    <name>HouseholdsPage</name>
    <message>
        <source>&amp;Edit…</source>
        <translation>&amp;Bearbeiten …</translation>
    </message>
    <message>
        <source>&amp;Information for the data subject (Art. 15)…</source>
        <translation>&amp;Auskunft (Art. 15) …</translation>
    </message>
    <message>
        <source>&amp;Delete permanently (Art. 17)…</source>
        <translation>Endgültig &amp;löschen (Art. 17) …</translation>
    </message>
    <message>
        <source>The database is open read-only.</source>
        <translation>Die Datenbank ist schreibgeschützt geöffnet.</translation>
    </message>
    <message>
        <source>Search case number, name, accommodation…</source>
        <translation>Aktenzeichen, Name, Unterkunft suchen…</translation>
    </message>
    <message>
        <source>No households recorded yet.</source>
        <translation>Noch keine Haushalte erfasst.</translation>
    </message>
    <message>
        <source>Record the first one with File → New (Ctrl+N). To get to know the program, you can open the demo database.</source>
        <translation>Legen Sie den ersten mit Datei → Neu (Strg+N) an. Um das Programm kennenzulernen, können Sie die Demodatenbank öffnen.</translation>
    </message>
    <message>
        <source>No household matches the search and the filters.</source>
        <translation>Kein Haushalt passt zu Suche und Filtern.</translation>
    </message>
    <message>
        <source>Select a household in the list to see its details here.</source>
        <translation>Wählen Sie einen Haushalt in der Liste aus, um hier seine Angaben zu sehen.</translation>
    </message>
    <message>
        <source>+ New household</source>
        <translation>+ Neuer Haushalt</translation>
    </message>
    <message>
        <source>Household</source>
        <translation>Haushalt</translation>
    </message>
    <message>
        <source>Case number</source>
        <translation>Aktenzeichen</translation>
    </message>
    <message>
        <source>Applicant</source>
        <translation>Antragsteller/in</translation>
    </message>
    <message>
        <source>Persons</source>
        <translation>Personen</translation>
    </message>
    <message>
        <source>Of whom children</source>
        <translation>davon Kinder</translation>
    </message>
    <message>
        <source>Search for a flat</source>
        <translation>Wohnungssuche</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Urgency</source>
        <translation>Dringlichkeit</translation>
    </message>
    <message>
        <source>Seeking a flat since</source>
        <translation>Wohnungssuchend seit</translation>
    </message>
    <message>
        <source>Current accommodation</source>
        <translation>Derzeitige Unterkunft</translation>
    </message>
    <message>
        <source>Accommodation</source>
        <translation>Unterkunft</translation>
    </message>
    <message>
        <source>Municipality</source>
        <translation>Gemeinde</translation>
    </message>
</context>
<context>
    <name>ImportDialog</name>
    <message>
        <source>Import from a spreadsheet</source>
        <translation>Aus einer Tabelle importieren</translation>
    </message>
    <message>
        <source>Flats</source>
        <translation>Wohnungen</translation>
    </message>
    <message>
        <source>Households with their members</source>
        <translation>Haushalte mit ihren Personen</translation>
    </message>
    <message>
        <source>Landlords</source>
        <translation>Vermieter</translation>
    </message>
    <message>
        <source>No file chosen</source>
        <translation>Keine Datei gewählt</translation>
    </message>
    <message>
        <source>Choose file…</source>
        <translation>Datei wählen …</translation>
    </message>
    <message>
        <source>Landlord of rows without one</source>
        <translation>Vermieter für Zeilen ohne Vermieter</translation>
    </message>
    <message>
        <source>Merge duplicates into the stored records instead of skipping them</source>
        <translation>Dubletten mit den gespeicherten Datensätzen zusammenführen, statt sie zu überspringen</translation>
    </message>
    <message>
        <source>Leave out rejected rows and import the rest</source>
        <translation>Abgelehnte Zeilen weglassen und den Rest importieren</translation>
    </message>
    <message>
        <source>What is imported</source>
        <translation>Was wird importiert</translation>
    </message>
    <message>
        <source>File</source>
        <translation>Datei</translation>
    </message>
    <message>
        <source>Column in the file</source>
        <translation>Spalte in der Datei</translation>
    </message>
    <message>
        <source>Examples</source>
        <translation>Beispiele</translation>
    </message>
    <message>
        <source>Fills the field</source>
        <translation>Füllt das Feld</translation>
    </message>
    <message>
        <source>Choose a file. Nothing is saved before you click “Import”.</source>
        <translation>Wählen Sie eine Datei. Gespeichert wird erst, wenn Sie auf „Importieren“ klicken.</translation>
    </message>
    <message>
        <source>Undo import</source>
        <translation>Import rückgängig machen</translation>
    </message>
    <message>
        <source>Check</source>
        <translation>Prüfen</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>Importieren</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Schließen</translation>
    </message>
    <message>
        <source>(named in the file)</source>
        <translation>(steht in der Datei)</translation>
    </message>
    <message>
        <source>Choose a spreadsheet</source>
        <translation>Tabelle auswählen</translation>
    </message>
    <message>
        <source>Spreadsheets (*.xlsx *.xlsm *.csv *.txt *.tsv)</source>
        <translation>Tabellen (*.xlsx *.xlsm *.csv *.txt *.tsv)</translation>
    </message>
    <message>
        <source>The file cannot be read</source>
        <translation>Die Datei lässt sich nicht lesen</translation>
    </message>
    <message>
        <source>Reading the file</source>
        <translation>Datei wird gelesen</translation>
    </message>
    <message>
        <source>%1 rows read. Check the fields of the columns, then click “Check”.</source>
        <translation>%1 Zeilen gelesen. Prüfen Sie, welches Feld jede Spalte füllt, und klicken Sie dann auf „Prüfen“.</translation>
    </message>
    <message>
        <source>(not imported)</source>
        <translation>(nicht übernehmen)</translation>
    </message>
    <message>
        <source>Importing rows…</source>
        <translation>Zeilen werden importiert …</translation>
    </message>
    <message>
        <source>Checking rows…</source>
        <translation>Zeilen werden geprüft …</translation>
    </message>
    <message>
        <source>Cancelled. Nothing was saved.</source>
        <translation>Abgebrochen. Es wurde nichts gespeichert.</translation>
    </message>
    <message>
        <source>Import %1 was undone.</source>
        <translation>Import %1 wurde rückgängig gemacht.</translation>
    </message>
    <message>
        <source>Saved as import %1.</source>
        <translation>Gespeichert als Import %1.</translation>
    </message>
    <message>
        <source>Correct the file, or leave out the rejected rows, then check again.</source>
        <translation>Korrigieren Sie die Datei oder lassen Sie die abgelehnten Zeilen weg, und prüfen Sie dann erneut.</translation>
    </message>
    <message>
        <source>Nothing has been saved yet. Click “Import” to save.</source>
        <translation>Noch ist nichts gespeichert. Klicken Sie auf „Importieren“, um zu speichern.</translation>
    </message>
</context>
<context>
    <name>ImportReportModel</name>
    <message>
        <source>Row</source>
        <translation>Zeile</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>Ergebnis</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>Einzelheiten</translation>
    </message>
    <message>
        <source>rejected</source>
        <translation>abgelehnt</translation>
    </message>
    <message>
        <source>duplicate</source>
        <translation>Dublette</translation>
    </message>
    <message>
        <source>update</source>
        <translation>aktualisieren</translation>
    </message>
</context>
<context>
    <name>InUseDialog</name>
    <message>
        <source>Database in use</source>
        <translation>Datenbank in Benutzung</translation>
    </message>
    <message>
        <source>The program is no longer running there (it was probably closed by a crash). You can take the database over.</source>
        <translation>Das Programm läuft dort nicht mehr (vermutlich durch einen Absturz beendet). Sie können die Datenbank übernehmen.</translation>
    </message>
    <message>
        <source>You can open it read-only now, or wait until it is closed there. Two people must not change the same file at once.</source>
        <translation>Sie können sie jetzt nur zum Lesen öffnen oder warten, bis sie dort geschlossen wird. Zwei Personen dürfen dieselbe Datei nicht gleichzeitig ändern.</translation>
    </message>
    <message>
        <source>Open read-only</source>
        <translation>Nur lesen</translation>
    </message>
    <message>
        <source>Wait</source>
        <translation>Warten</translation>
    </message>
    <message>
        <source>Take over…</source>
        <translation>Übernehmen …</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Only take over if the program is certainly no longer running on %1 — otherwise two people change the same file. Take over the database?</source>
        <translation>Nur übernehmen, wenn das Programm auf %1 sicher nicht mehr läuft – sonst ändern zwei Personen dieselbe Datei. Datenbank übernehmen?</translation>
    </message>
    <message>
        <source>Take over the database</source>
        <translation>Datenbank übernehmen</translation>
    </message>
    <message>
        <source>Take over</source>
        <translation>Übernehmen</translation>
    </message>
</context>
<context>
    <name>LandlordDialog</name>
    <message>
        <source>New landlord</source>
        <translation>Neuer Vermieter</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Art</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Represented by</source>
        <translation>Vertreten durch</translation>
    </message>
    <message>
        <source>Street and number</source>
        <translation>Straße und Hausnummer</translation>
    </message>
    <message>
        <source>Postcode</source>
        <translation>PLZ</translation>
    </message>
    <message>
        <source>Town</source>
        <translation>Ort</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>Telefon</translation>
    </message>
    <message>
        <source>Email</source>
        <translation>E-Mail</translation>
    </message>
    <message>
        <source>Save landlord</source>
        <translation>Vermieter speichern</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
</context>
<context>
    <name>LanguageTab</name>
    <message>
        <source>Language</source>
        <translation>Sprache</translation>
    </message>
    <message>
        <source>The program speaks the chosen language from its next start.</source>
        <translation>Das Programm verwendet die gewählte Sprache ab dem nächsten Start.</translation>
    </message>
    <message>
        <source>Language of the interface</source>
        <translation>Sprache der Oberfläche</translation>
    </message>
</context>
<context>
    <name>LeaseForm</name>
    <message>
        <source>Date of the benefit office&apos;s prior approval of the rent</source>
        <translation>Datum der Zusicherung des Kostenträgers zu den neuen Unterkunftskosten</translation>
    </message>
    <message>
        <source>Leave empty for an unlimited lease (the normal case).</source>
        <translation>Leer lassen für einen unbefristeten Vertrag (der Normalfall).</translation>
    </message>
    <message>
        <source>Legal reasons</source>
        <translation>Gesetzliche Gründe</translation>
    </message>
    <message>
        <source>§ 575 (1) no. %1</source>
        <translation>§ 575 Abs. 1 Nr. %1</translation>
    </message>
    <message>
        <source>The benefit office pays the rent directly to the landlord</source>
        <translation>Der Kostenträger zahlt die Miete direkt an den Vermieter</translation>
    </message>
    <message>
        <source>Contract</source>
        <translation>Vertragsart</translation>
    </message>
    <message>
        <source>Lease start</source>
        <translation>Mietbeginn</translation>
    </message>
    <message>
        <source>Planned move-in</source>
        <translation>Geplanter Einzug</translation>
    </message>
    <message>
        <source>Cost approval on</source>
        <translation>Zusicherung vom</translation>
    </message>
    <message>
        <source>Fixed term until</source>
        <translation>Befristet bis</translation>
    </message>
    <message>
        <source>Reason for the fixed term (§ 575 BGB)</source>
        <translation>Grund der Befristung (§ 575 BGB)</translation>
    </message>
    <message>
        <source>Membership number</source>
        <translation>Mitgliedsnummer</translation>
    </message>
    <message>
        <source>Shares funded by</source>
        <translation>Anteile finanziert durch</translation>
    </message>
</context>
<context>
    <name>ListPage</name>
    <message>
        <source>Show only one municipality</source>
        <translation>Nur eine Gemeinde anzeigen</translation>
    </message>
    <message>
        <source>Show only one status</source>
        <translation>Nur einen Status anzeigen</translation>
    </message>
    <message>
        <source>All statuses</source>
        <translation>Alle Status</translation>
    </message>
    <message>
        <source>All municipalities</source>
        <translation>Alle Gemeinden</translation>
    </message>
    <message>
        <source>Show all again</source>
        <translation>Wieder alle zeigen</translation>
    </message>
    <message>
        <source>Loading the remaining rows…</source>
        <translation>Die übrigen Zeilen werden geladen …</translation>
    </message>
    <message>
        <source>Only: %1</source>
        <translation>Nur: %1</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Wird geladen …</translation>
    </message>
    <message>
        <source>The database did not answer or reported an error. Check the network connection and try again; if the problem remains, contact your IT support.</source>
        <translation>Die Datenbank hat nicht geantwortet oder einen Fehler gemeldet. Prüfen Sie die Netzwerkverbindung und versuchen Sie es erneut; besteht das Problem weiter, wenden Sie sich an Ihre IT-Betreuung.</translation>
    </message>
    <message>
        <source>The list could not be loaded.</source>
        <translation>Die Liste konnte nicht geladen werden.</translation>
    </message>
    <message>
        <source>Try again</source>
        <translation>Erneut versuchen</translation>
    </message>
    <message>
        <source>Reset filters</source>
        <translation>Filter zurücksetzen</translation>
    </message>
    <message>
        <source>Open demo database</source>
        <translation>Demodatenbank öffnen</translation>
    </message>
    <message>
        <source>Export list</source>
        <translation>Liste exportieren</translation>
    </message>
    <message>
        <source>The list is still loading. Please try again in a moment.</source>
        <translation>Die Liste wird noch geladen. Bitte versuchen Sie es gleich noch einmal.</translation>
    </message>
</context>
<context>
    <name>LockCurtain</name>
    <message>
        <source>Wohnraum-Matcher is locked</source>
        <translation>Wohnraum-Matcher ist gesperrt</translation>
    </message>
    <message>
        <source>The program was locked after a time without input. Enter the passphrase to continue.</source>
        <translation>Das Programm wurde gesperrt, weil eine Zeit lang nichts eingegeben wurde. Bitte geben Sie das Passwort ein, um weiterzuarbeiten.</translation>
    </message>
    <message>
        <source>The program was locked after a time without input. Its data is hidden until you continue.</source>
        <translation>Das Programm wurde gesperrt, weil eine Zeit lang nichts eingegeben wurde. Die Daten bleiben verborgen, bis Sie weiterarbeiten.</translation>
    </message>
    <message>
        <source>Passphrase</source>
        <translation>Passwort</translation>
    </message>
    <message>
        <source>Unlock</source>
        <translation>Entsperren</translation>
    </message>
    <message>
        <source>Continue as %1</source>
        <translation>Weiter als %1</translation>
    </message>
    <message>
        <source>Wrong passphrase. Please try again.</source>
        <translation>Passwort falsch. Bitte versuchen Sie es erneut.</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Overview</source>
        <translation>Übersicht</translation>
    </message>
    <message>
        <source>Flats</source>
        <translation>Wohnungen</translation>
    </message>
    <message>
        <source>Households</source>
        <translation>Haushalte</translation>
    </message>
    <message>
        <source>Matching</source>
        <translation>Vermittlung</translation>
    </message>
    <message>
        <source>Placements</source>
        <translation>Vorgänge</translation>
    </message>
    <message>
        <source>Documents</source>
        <translation>Dokumente</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <source>Areas</source>
        <translation>Bereiche</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>&amp;Bearbeiten</translation>
    </message>
    <message>
        <source>&amp;Find</source>
        <translation>&amp;Suchen</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <source>&amp;Flats…</source>
        <translation>&amp;Wohnungen …</translation>
    </message>
    <message>
        <source>&amp;Households…</source>
        <translation>&amp;Haushalte …</translation>
    </message>
    <message>
        <source>&amp;Landlords…</source>
        <translation>&amp;Vermieter …</translation>
    </message>
    <message>
        <source>&amp;About Wohnraum-Matcher</source>
        <translation>Ü&amp;ber Wohnraum-Matcher</translation>
    </message>
    <message>
        <source>About &amp;Qt</source>
        <translation>Über &amp;Qt</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>&amp;New</source>
        <translation>&amp;Neu</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>&amp;Speichern</translation>
    </message>
    <message>
        <source>&amp;Print…</source>
        <translation>&amp;Drucken …</translation>
    </message>
    <message>
        <source>&amp;Import</source>
        <translation>&amp;Importieren</translation>
    </message>
    <message>
        <source>&amp;Export list…</source>
        <translation>Liste &amp;exportieren …</translation>
    </message>
    <message>
        <source>&amp;Open database…</source>
        <translation>Datenbank ö&amp;ffnen…</translation>
    </message>
    <message>
        <source>Open &amp;demo database</source>
        <translation>&amp;Demodatenbank öffnen</translation>
    </message>
    <message>
        <source>&amp;Restore from backup…</source>
        <translation>Aus Sicherung &amp;wiederherstellen …</translation>
    </message>
    <message>
        <source>Change &amp;passphrase…</source>
        <translation>&amp;Passwort ändern …</translation>
    </message>
    <message>
        <source>Data pro&amp;tection</source>
        <translation>Datens&amp;chutz</translation>
    </message>
    <message>
        <source>&amp;Information for a household (Art. 15 GDPR)…</source>
        <translation>&amp;Auskunft für einen Haushalt (Art. 15 DSGVO) …</translation>
    </message>
    <message>
        <source>&amp;Delete a household for good (Art. 17 GDPR)…</source>
        <translation>Haushalt endgültig &amp;löschen (Art. 17 DSGVO) …</translation>
    </message>
    <message>
        <source>&amp;Retention period: anonymise closed cases…</source>
        <translation>Aufbewahrungsfrist: abgeschlossene Fälle a&amp;nonymisieren …</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>Undo:</source>
        <translation>Rückgängig:</translation>
    </message>
    <message>
        <source>Redo:</source>
        <translation>Wiederholen:</translation>
    </message>
    <message>
        <source>&amp;Delete</source>
        <translation>&amp;Löschen</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <source>&amp;Reload</source>
        <translation>&amp;Neu laden</translation>
    </message>
    <message>
        <source>Read-only: changes cannot be saved</source>
        <translation>Schreibgeschützt: Änderungen können nicht gespeichert werden</translation>
    </message>
    <message>
        <source>Open database</source>
        <translation>Datenbank öffnen</translation>
    </message>
    <message>
        <source>Databases (*.sqlite *.db);;All files (*)</source>
        <translation>Datenbanken (*.sqlite *.db);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Data protection</source>
        <translation>Datenschutz</translation>
    </message>
    <message>
        <source>Please select a household in the list first.</source>
        <translation>Bitte wählen Sie zuerst einen Haushalt in der Liste aus.</translation>
    </message>
    <message>
        <source>The passphrase was changed.</source>
        <translation>Das Passwort wurde geändert.</translation>
    </message>
    <message>
        <source>Database: %1</source>
        <translation>Datenbank: %1</translation>
    </message>
    <message>
        <source>User: %1</source>
        <translation>Benutzer: %1</translation>
    </message>
    <message>
        <source>%1: %2 of %3 shown</source>
        <translation>%1: %2 von %3 angezeigt</translation>
    </message>
    <message>
        <source>%1: %3</source>
        <translation>%1: %3</translation>
    </message>
    <message>
        <source>Places refugee households from collective accommodation into flats.</source>
        <translation>Vermittelt geflüchtete Haushalte aus Gemeinschaftsunterkünften in Wohnungen.</translation>
    </message>
    <message>
        <source>Licence: GNU General Public License, version 3 or later.</source>
        <translation>Lizenz: GNU General Public License, Version 3 oder neuer.</translation>
    </message>
    <message>
        <source>About Wohnraum-Matcher</source>
        <translation>Über Wohnraum-Matcher</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Schließen</translation>
    </message>
</context>
<context>
    <name>MatchingCriteria</name>
    <message>
        <source>Size of the flat</source>
        <translation>Passende Wohnungsgröße</translation>
    </message>
    <message>
        <source>Bedrooms</source>
        <translation>Schlafzimmer</translation>
    </message>
    <message>
        <source>Distance to the rent limit</source>
        <translation>Abstand zur Angemessenheitsgrenze</translation>
    </message>
    <message>
        <source>Close to important places</source>
        <translation>Nähe zu wichtigen Orten</translation>
    </message>
    <message>
        <source>The household&apos;s wishes</source>
        <translation>Wünsche des Haushalts</translation>
    </message>
    <message>
        <source>Cost of the empty flat</source>
        <translation>Kosten des Leerstands</translation>
    </message>
</context>
<context>
    <name>MatchingModels</name>
    <message>
        <source>Placement no. %1 (%2)</source>
        <translation>Vorgang Nr. %1 (%2)</translation>
    </message>
</context>
<context>
    <name>MatchingPage</name>
    <message>
        <source>Households for a flat</source>
        <translation>Haushalte für eine Wohnung</translation>
    </message>
    <message>
        <source>Flats for a household</source>
        <translation>Wohnungen für einen Haushalt</translation>
    </message>
    <message>
        <source>District proposal</source>
        <translation>Gesamtvorschlag</translation>
    </message>
    <message>
        <source>The matching data are loaded when you open this area.</source>
        <translation>Die Daten für die Vermittlung werden geladen, sobald Sie diesen Bereich öffnen.</translation>
    </message>
    <message>
        <source>Loading flats, households and rules of the district…</source>
        <translation>Wohnungen, Haushalte und Regeln des Landkreises werden geladen …</translation>
    </message>
    <message>
        <source>Loading the matching data</source>
        <translation>Daten für die Vermittlung laden</translation>
    </message>
    <message>
        <source>Try again</source>
        <translation>Erneut versuchen</translation>
    </message>
    <message>
        <source>The matching data could not be loaded.</source>
        <translation>Die Daten für die Vermittlung konnten nicht geladen werden.</translation>
    </message>
    <message>
        <source>The database did not answer or reported an error. Try again; if it remains, contact your IT.</source>
        <translation>Die Datenbank hat nicht geantwortet oder einen Fehler gemeldet. Versuchen Sie es erneut; bleibt der Fehler, wenden Sie sich an Ihre IT.</translation>
    </message>
    <message>
        <source>Loading was cancelled.</source>
        <translation>Das Laden wurde abgebrochen.</translation>
    </message>
    <message>
        <source>Load again</source>
        <translation>Erneut laden</translation>
    </message>
    <message>
        <source>This flat is not free or not in the office&apos;s district, so it cannot be ranked.</source>
        <translation>Diese Wohnung ist nicht frei oder liegt nicht im Landkreis der Behörde; dafür gibt es keine Reihung.</translation>
    </message>
    <message>
        <source>This household is not seeking a flat in the office&apos;s district, so it cannot be ranked.</source>
        <translation>Dieser Haushalt sucht keine Wohnung im Landkreis der Behörde; dafür gibt es keine Reihung.</translation>
    </message>
    <message>
        <source>Computing the proposal for %1 households and %2 flats…</source>
        <translation>Vorschlag für %1 Haushalte und %2 Wohnungen wird berechnet …</translation>
    </message>
    <message>
        <source>Prepare offer</source>
        <translation>Angebot vorbereiten</translation>
    </message>
    <message>
        <source>Placement no. %1 prepared: %2 (state: proposed).</source>
        <translation>Vorgang Nr. %1 angelegt: %2 (Stand: vorgeschlagen).</translation>
    </message>
    <message>
        <source>Open placement</source>
        <translation>Vorgang öffnen</translation>
    </message>
</context>
<context>
    <name>MessageBar</name>
    <message>
        <source>Close</source>
        <translation>Schließen</translation>
    </message>
</context>
<context>
    <name>OfficeTab</name>
    <message>
        <source>District</source>
        <translation>Landkreis</translation>
    </message>
    <message>
        <source>Choose logo…</source>
        <translation>Logo wählen …</translation>
    </message>
    <message>
        <source>Remove logo</source>
        <translation>Logo entfernen</translation>
    </message>
    <message>
        <source>Save office data</source>
        <translation>Behördendaten speichern</translation>
    </message>
    <message>
        <source>Letterhead</source>
        <translation>Briefkopf</translation>
    </message>
    <message>
        <source>Logo on documents</source>
        <translation>Logo auf Dokumenten</translation>
    </message>
    <message>
        <source>Security and retention</source>
        <translation>Sicherheit und Aufbewahrung</translation>
    </message>
    <message>
        <source>No logo: documents show the office name only.</source>
        <translation>Kein Logo: Dokumente zeigen nur den Namen der Behörde.</translation>
    </message>
    <message>
        <source>Please correct the marked fields.</source>
        <translation>Bitte korrigieren Sie die markierten Felder.</translation>
    </message>
    <message>
        <source>Choose logo</source>
        <translation>Logo wählen</translation>
    </message>
    <message>
        <source>Images (*.png *.jpg *.jpeg)</source>
        <translation>Bilder (*.png *.jpg *.jpeg)</translation>
    </message>
</context>
<context>
    <name>OverviewPage</name>
    <message>
        <source>Jan</source>
        <translation>Jan</translation>
    </message>
    <message>
        <source>Feb</source>
        <translation>Feb</translation>
    </message>
    <message>
        <source>Mar</source>
        <translation>Mär</translation>
    </message>
    <message>
        <source>Apr</source>
        <translation>Apr</translation>
    </message>
    <message>
        <source>May</source>
        <translation>Mai</translation>
    </message>
    <message>
        <source>Jun</source>
        <translation>Jun</translation>
    </message>
    <message>
        <source>Jul</source>
        <translation>Jul</translation>
    </message>
    <message>
        <source>Aug</source>
        <translation>Aug</translation>
    </message>
    <message>
        <source>Sep</source>
        <translation>Sep</translation>
    </message>
    <message>
        <source>Oct</source>
        <translation>Okt</translation>
    </message>
    <message>
        <source>Nov</source>
        <translation>Nov</translation>
    </message>
    <message>
        <source>Dec</source>
        <translation>Dez</translation>
    </message>
    <message>
        <source>Empty at the municipality&apos;s cost</source>
        <translation>Leer auf Kosten der Gemeinde</translation>
    </message>
    <message>
        <source>How long the waiting households have waited</source>
        <translation>Wie lange die wartenden Haushalte schon warten</translation>
    </message>
    <message>
        <source>Moves into a flat per month</source>
        <translation>Einzüge je Monat</translation>
    </message>
    <message>
        <source>Nothing ends in the next 90 days.</source>
        <translation>In den nächsten 90 Tagen läuft nichts aus.</translation>
    </message>
    <message>
        <source>Ending in the next 90 days</source>
        <translation>Läuft in den nächsten 90 Tagen aus</translation>
    </message>
    <message>
        <source>By status</source>
        <translation>Nach Status</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>Datum</translation>
    </message>
    <message>
        <source>What ends</source>
        <translation>Was endet</translation>
    </message>
    <message>
        <source>Flat</source>
        <translation>Wohnung</translation>
    </message>
    <message>
        <source>Overview</source>
        <translation>Übersicht</translation>
    </message>
    <message>
        <source>The figures could not be loaded: %1</source>
        <translation>Die Zahlen konnten nicht geladen werden: %1</translation>
    </message>
    <message>
        <source>longest for %1 days</source>
        <translation>am längsten seit %1 Tagen</translation>
    </message>
    <message>
        <source>households waiting</source>
        <translation>Haushalte warten</translation>
    </message>
    <message>
        <source>flats free</source>
        <translation>Wohnungen frei</translation>
    </message>
    <message>
        <source>%1 reserved</source>
        <translation>%1 reserviert</translation>
    </message>
    <message>
        <source>placements in progress</source>
        <translation>laufende Vermittlungen</translation>
    </message>
    <message>
        <source>from proposal to signing</source>
        <translation>vom Vorschlag bis zur Unterschrift</translation>
    </message>
    <message>
        <source>flats empty at the municipality&apos;s cost</source>
        <translation>leere Wohnungen auf Kosten der Gemeinde</translation>
    </message>
    <message>
        <source>%1 per month</source>
        <translation>%1 im Monat</translation>
    </message>
    <message>
        <source>Head lease</source>
        <translation>Anmietung</translation>
    </message>
    <message>
        <source>Funding binding</source>
        <translation>Bindung</translation>
    </message>
    <message>
        <source>Flats</source>
        <translation>Wohnungen</translation>
    </message>
    <message>
        <source>Households</source>
        <translation>Haushalte</translation>
    </message>
    <message>
        <source>Placements</source>
        <translation>Vermittlungen</translation>
    </message>
    <message>
        <source>&lt; 3 months</source>
        <translation>&lt; 3 Monate</translation>
    </message>
    <message>
        <source>3–6 months</source>
        <translation>3–6 Monate</translation>
    </message>
    <message>
        <source>6–12 months</source>
        <translation>6–12 Monate</translation>
    </message>
    <message>
        <source>1–2 years</source>
        <translation>1–2 Jahre</translation>
    </message>
    <message>
        <source>&gt; 2 years</source>
        <translation>&gt; 2 Jahre</translation>
    </message>
</context>
<context>
    <name>PassphraseDialog</name>
    <message>
        <source>New passphrase</source>
        <translation>Neues Passwort</translation>
    </message>
    <message>
        <source>Encrypted database</source>
        <translation>Verschlüsselte Datenbank</translation>
    </message>
    <message>
        <source>Choose a passphrase for the database %1. Without it nobody can read the file — keep it safe.</source>
        <translation>Wählen Sie ein Passwort für die Datenbank %1. Ohne das Passwort kann niemand die Datei lesen – bewahren Sie es sicher auf.</translation>
    </message>
    <message>
        <source>The database %1 is encrypted. Please enter its passphrase.</source>
        <translation>Die Datenbank %1 ist verschlüsselt. Bitte geben Sie das Passwort ein.</translation>
    </message>
    <message>
        <source>Passphrase:</source>
        <translation>Passwort:</translation>
    </message>
    <message>
        <source>Repeat:</source>
        <translation>Wiederholen:</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Öffnen</translation>
    </message>
    <message>
        <source>Save passphrase</source>
        <translation>Passwort speichern</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>The two entries differ. Please type the passphrase again.</source>
        <translation>Die beiden Eingaben unterscheiden sich. Bitte geben Sie das Passwort erneut ein.</translation>
    </message>
    <message>
        <source>Please enter the passphrase.</source>
        <translation>Bitte geben Sie das Passwort ein.</translation>
    </message>
</context>
<context>
    <name>PdfPreview</name>
    <message>
        <source>The printer could not be opened. Check that it is switched on and connected, or choose another printer.</source>
        <translation>Der Drucker ließ sich nicht öffnen. Bitte prüfen Sie, ob er eingeschaltet und verbunden ist, oder wählen Sie einen anderen Drucker.</translation>
    </message>
    <message>
        <source>Fit width</source>
        <translation>Seitenbreite</translation>
    </message>
    <message>
        <source>Smaller</source>
        <translation>Kleiner</translation>
    </message>
    <message>
        <source>Larger</source>
        <translation>Größer</translation>
    </message>
    <message>
        <source>Show the pages larger</source>
        <translation>Seiten größer anzeigen</translation>
    </message>
    <message>
        <source>Show the pages smaller</source>
        <translation>Seiten kleiner anzeigen</translation>
    </message>
    <message>
        <source>Pages: %1</source>
        <translation>Seiten: %1</translation>
    </message>
</context>
<context>
    <name>PlacementStepCommand</name>
    <message>
        <source>Step %1 of placement %2</source>
        <translation>Schritt „%1“ der Vermittlung %2</translation>
    </message>
    <message>
        <source>Step %1 of placement %2 taken again.</source>
        <translation>Schritt „%1“ der Vermittlung %2 erneut erfasst.</translation>
    </message>
    <message>
        <source>Step %1 of placement %2 taken back.</source>
        <translation>Schritt „%1“ der Vermittlung %2 zurückgenommen.</translation>
    </message>
    <message>
        <source>The step cannot be undone</source>
        <translation>Der Schritt lässt sich nicht zurücknehmen</translation>
    </message>
    <message>
        <source>The step cannot be taken again</source>
        <translation>Der Schritt lässt sich nicht wiederholen</translation>
    </message>
</context>
<context>
    <name>PlacementTableModel</name>
    <message>
        <source>No.</source>
        <translation>Nr.</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Stand</translation>
    </message>
    <message>
        <source>Case number</source>
        <translation>Aktenzeichen</translation>
    </message>
    <message>
        <source>Flat</source>
        <translation>Wohnung</translation>
    </message>
    <message>
        <source>Municipality</source>
        <translation>Gemeinde</translation>
    </message>
    <message>
        <source>Contract</source>
        <translation>Vertragsart</translation>
    </message>
    <message>
        <source>Move-in</source>
        <translation>Einzug</translation>
    </message>
    <message>
        <source>Last step</source>
        <translation>Letzter Schritt</translation>
    </message>
</context>
<context>
    <name>PlacementsPage</name>
    <message>
        <source>Search case number, address, no.…</source>
        <translation>Aktenzeichen, Adresse, Nr. suchen…</translation>
    </message>
    <message>
        <source>Show only one state</source>
        <translation>Nur einen Stand anzeigen</translation>
    </message>
    <message>
        <source>All states</source>
        <translation>Alle Stände</translation>
    </message>
    <message>
        <source>Next steps</source>
        <translation>Nächste Schritte</translation>
    </message>
    <message>
        <source>&amp;Lease data…</source>
        <translation>&amp;Vertragsdaten…</translation>
    </message>
    <message>
        <source>Change the lease data without taking a step (can be undone)</source>
        <translation>Vertragsdaten ändern, ohne einen Schritt zu gehen (lässt sich rückgängig machen)</translation>
    </message>
    <message>
        <source>When</source>
        <translation>Wann</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>Schritt</translation>
    </message>
    <message>
        <source>By</source>
        <translation>Von</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Notiz</translation>
    </message>
    <message>
        <source>&amp;Timeline</source>
        <translation>&amp;Verlauf</translation>
    </message>
    <message>
        <source>&amp;Documents</source>
        <translation>&amp;Dokumente</translation>
    </message>
    <message>
        <source>Select a placement in the list to see its state and next steps here.</source>
        <translation>Wählen Sie einen Vorgang in der Liste, um hier seinen Stand und die nächsten Schritte zu sehen.</translation>
    </message>
    <message>
        <source>Document</source>
        <translation>Dokument</translation>
    </message>
    <message>
        <source>Printed</source>
        <translation>Gedruckt</translation>
    </message>
    <message>
        <source>&amp;Produce</source>
        <translation>&amp;Erstellen</translation>
    </message>
    <message>
        <source>Produce the chosen document, archive it and show it in the Documents area</source>
        <translation>Das gewählte Dokument erstellen, archivieren und im Bereich Dokumente zeigen</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>Anzeigen</translation>
    </message>
    <message>
        <source>Show the selected document in the Documents area</source>
        <translation>Das gewählte Dokument im Bereich Dokumente zeigen</translation>
    </message>
    <message>
        <source>No placements yet. A placement starts in the Matching area: choose a flat and a household and prepare an offer.</source>
        <translation>Noch keine Vorgänge. Ein Vorgang beginnt im Bereich Vermittlung: Wählen Sie eine Wohnung und einen Haushalt und bereiten Sie ein Angebot vor.</translation>
    </message>
    <message>
        <source>No placement matches the search and the filters.</source>
        <translation>Kein Vorgang passt zur Suche und zu den Filtern.</translation>
    </message>
    <message>
        <source>Placement %1 · %2</source>
        <translation>Vorgang %1 · %2</translation>
    </message>
    <message>
        <source>A step can be taken back with Edit › Undo.</source>
        <translation>Einen Schritt nehmen Sie mit Bearbeiten › Rückgängig zurück.</translation>
    </message>
    <message>
        <source>Send offer…</source>
        <translation>Angebot senden…</translation>
    </message>
    <message>
        <source>Arrange viewing…</source>
        <translation>Besichtigung vereinbaren…</translation>
    </message>
    <message>
        <source>Record acceptance…</source>
        <translation>Zusage erfassen…</translation>
    </message>
    <message>
        <source>Record refusal…</source>
        <translation>Absage erfassen…</translation>
    </message>
    <message>
        <source>Draft lease…</source>
        <translation>Mietvertrag entwerfen…</translation>
    </message>
    <message>
        <source>Mark as signed…</source>
        <translation>Als unterschrieben erfassen…</translation>
    </message>
    <message>
        <source>Mark as moved in…</source>
        <translation>Einzug erfassen…</translation>
    </message>
    <message>
        <source>Cancel placement…</source>
        <translation>Vorgang abbrechen…</translation>
    </message>
    <message>
        <source>Change lease data of placement %1</source>
        <translation>Vertragsdaten von Vorgang %1 ändern</translation>
    </message>
    <message>
        <source>Household</source>
        <translation>Haushalt</translation>
    </message>
    <message>
        <source>Persons</source>
        <translation>Personen</translation>
    </message>
    <message>
        <source>Flat</source>
        <translation>Wohnung</translation>
    </message>
    <message>
        <source>Contract</source>
        <translation>Vertragsart</translation>
    </message>
    <message>
        <source>Viewing</source>
        <translation>Besichtigung</translation>
    </message>
    <message>
        <source>Planned move-in</source>
        <translation>Geplanter Einzug</translation>
    </message>
    <message>
        <source>Lease start</source>
        <translation>Mietbeginn</translation>
    </message>
    <message>
        <source>Cost approval on</source>
        <translation>Zusicherung vom</translation>
    </message>
    <message>
        <source>Fixed term until</source>
        <translation>Befristet bis</translation>
    </message>
    <message>
        <source>Reason for refusal</source>
        <translation>Grund der Absage</translation>
    </message>
    <message>
        <source>This placement is closed; no further step is possible.</source>
        <translation>Dieser Vorgang ist abgeschlossen; weitere Schritte sind nicht möglich.</translation>
    </message>
    <message>
        <source>Closed</source>
        <translation>Abgeschlossen</translation>
    </message>
    <message>
        <source>&amp;Documents (%1)</source>
        <translation>&amp;Dokumente (%1)</translation>
    </message>
    <message>
        <source>Placement %1: %2 recorded.</source>
        <translation>Vorgang %1: „%2“ erfasst.</translation>
    </message>
    <message>
        <source>Lease data of placement %1</source>
        <translation>Vertragsdaten zu Vorgang %1</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Speichern</translation>
    </message>
    <message>
        <source>Producing %1…</source>
        <translation>%1 wird erstellt…</translation>
    </message>
    <message>
        <source>Produce document</source>
        <translation>Dokument erstellen</translation>
    </message>
    <message>
        <source>Document %1 produced and archived.</source>
        <translation>Dokument %1 erstellt und archiviert.</translation>
    </message>
    <message>
        <source>The document cannot be produced yet:</source>
        <translation>Das Dokument kann noch nicht erstellt werden:</translation>
    </message>
</context>
<context>
    <name>PrivacyDialogs</name>
    <message>
        <source>Delete household permanently (Art. 17 GDPR)</source>
        <translation>Haushalt endgültig löschen (Art. 17 DSGVO)</translation>
    </message>
    <message>
        <source>The database is open read-only: nothing can be deleted.</source>
        <translation>Die Datenbank ist schreibgeschützt geöffnet: Es kann nichts gelöscht werden.</translation>
    </message>
    <message>
        <source>Folder for the information (Art. 15 GDPR)</source>
        <translation>Ordner für die Auskunft (Art. 15 DSGVO)</translation>
    </message>
    <message>
        <source>Information for the data subject (Art. 15 GDPR)</source>
        <translation>Auskunft an die betroffene Person (Art. 15 DSGVO)</translation>
    </message>
    <message>
        <source>The database is open read-only. The information is recorded in the audit trail, so it can only be given from a database you can write to.</source>
        <translation>Die Datenbank ist schreibgeschützt geöffnet. Jede Auskunft wird im Änderungsprotokoll vermerkt; Sie können sie daher nur aus einer Datenbank erteilen, in die Sie schreiben dürfen.</translation>
    </message>
    <message>
        <source>The files could not be written to the folder %1. Please choose a folder you may write to.</source>
        <translation>Die Dateien konnten nicht im Ordner %1 gespeichert werden. Bitte wählen Sie einen Ordner, in den Sie schreiben dürfen.</translation>
    </message>
    <message>
        <source>The information for household %1 has been saved in this folder:</source>
        <translation>Die Auskunft für den Haushalt %1 ist in diesem Ordner gespeichert:</translation>
    </message>
    <message>
        <source>%1 — to read and hand over</source>
        <translation>%1 – zum Lesen und Aushändigen</translation>
    </message>
    <message>
        <source>%1 — machine-readable (Art. 15 para. 3 GDPR)</source>
        <translation>%1 – maschinenlesbar (Art. 15 Abs. 3 DSGVO)</translation>
    </message>
    <message>
        <source>Copies of the printed documents: %1</source>
        <translation>Kopien der gedruckten Dokumente: %1</translation>
    </message>
    <message>
        <source>The files contain personal data. Hand them only to the persons concerned and delete your copy once they have received it.</source>
        <translation>Die Dateien enthalten personenbezogene Daten. Geben Sie sie nur den betroffenen Personen und löschen Sie Ihre Kopie, sobald diese sie erhalten haben.</translation>
    </message>
    <message>
        <source>&amp;Open folder</source>
        <translation>Ordner ö&amp;ffnen</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Schließen</translation>
    </message>
</context>
<context>
    <name>ProposalModel</name>
    <message>
        <source>pinned, breaks a rule</source>
        <translation>festgelegt, verletzt eine Regel</translation>
    </message>
    <message>
        <source>pinned</source>
        <translation>festgelegt</translation>
    </message>
    <message>
        <source>proposed</source>
        <translation>vorgeschlagen</translation>
    </message>
    <message>
        <source>Cost of the pin</source>
        <translation>Kosten der Festlegung</translation>
    </message>
    <message>
        <source>Case number</source>
        <translation>Aktenzeichen</translation>
    </message>
    <message>
        <source>Applicant</source>
        <translation>Antragsteller/in</translation>
    </message>
    <message>
        <source>Persons</source>
        <translation>Personen</translation>
    </message>
    <message>
        <source>Flat</source>
        <translation>Wohnung</translation>
    </message>
    <message>
        <source>Municipality</source>
        <translation>Gemeinde</translation>
    </message>
    <message>
        <source>Score</source>
        <translation>Punkte</translation>
    </message>
    <message>
        <source>Decision</source>
        <translation>Entscheidung</translation>
    </message>
    <message>
        <source>Without this pin the proposal as a whole would fit %1 points better.</source>
        <translation>Ohne diese Festlegung passte der Vorschlag insgesamt um %1 Punkte besser.</translation>
    </message>
    <message>
        <source>This pin raises the total fit by %1 points.</source>
        <translation>Diese Festlegung erhöht die Gesamtpassung um %1 Punkte.</translation>
    </message>
</context>
<context>
    <name>ProposalPane</name>
    <message>
        <source>Largest total fit</source>
        <translation>Größte Gesamtpassung</translation>
    </message>
    <message>
        <source>Urgent and long-waiting households first</source>
        <translation>Dringende und lange wartende Haushalte zuerst</translation>
    </message>
    <message>
        <source>How the proposal weighs the district as a whole; the office&apos;s setting is chosen</source>
        <translation>Wie der Vorschlag den ganzen Landkreis abwägt; vorausgewählt ist die Einstellung der Behörde</translation>
    </message>
    <message>
        <source>&amp;Mode:</source>
        <translation>&amp;Modus:</translation>
    </message>
    <message>
        <source>&amp;Compute proposal</source>
        <translation>Vorschlag be&amp;rechnen</translation>
    </message>
    <message>
        <source>Compute a proposal to see which household could move into which flat. Nothing is stored until you prepare an offer.</source>
        <translation>Berechnen Sie einen Vorschlag, um zu sehen, welcher Haushalt in welche Wohnung ziehen könnte. Gespeichert wird erst, wenn Sie ein Angebot vorbereiten.</translation>
    </message>
    <message>
        <source>Prepare &amp;offer</source>
        <translation>&amp;Angebot vorbereiten</translation>
    </message>
    <message>
        <source>&amp;Reject</source>
        <translation>Ab&amp;lehnen</translation>
    </message>
    <message>
        <source>Leave this pair out of the proposal (until the area is reloaded)</source>
        <translation>Diese Zuordnung aus dem Vorschlag nehmen (bis der Bereich neu geladen wird)</translation>
    </message>
    <message>
        <source>&amp;Pin</source>
        <translation>&amp;Festlegen</translation>
    </message>
    <message>
        <source>Suitable flats for the selected household, best first</source>
        <translation>Geeignete Wohnungen für den gewählten Haushalt, die beste zuerst</translation>
    </message>
    <message>
        <source>O&amp;ther flat:</source>
        <translation>And&amp;ere Wohnung:</translation>
    </message>
    <message>
        <source>Pin this &amp;flat</source>
        <translation>Diese &amp;Wohnung festlegen</translation>
    </message>
    <message>
        <source>Give the selected household this flat and compute the proposal again; shows what it costs</source>
        <translation>Dem gewählten Haushalt diese Wohnung fest zuordnen und den Vorschlag neu berechnen; zeigt, was das kostet</translation>
    </message>
    <message>
        <source>Select a pair of the proposal to see how well it fits.</source>
        <translation>Wählen Sie eine Zuordnung im Vorschlag, um zu sehen, wie gut sie passt.</translation>
    </message>
    <message>
        <source>The matcher found no suitable pair in the district.</source>
        <translation>Im Landkreis wurde keine passende Zuordnung gefunden.</translation>
    </message>
    <message>
        <source>%1 pairs, total fit %2 points (average %3).</source>
        <translation>%1 Zuordnungen, Gesamtpassung %2 Punkte (Durchschnitt %3).</translation>
    </message>
    <message>
        <source>No pairs.</source>
        <translation>Keine Zuordnungen.</translation>
    </message>
    <message>
        <source>%1 pinned, costing %2 points of total fit.</source>
        <translation>%1 festgelegt, das kostet %2 Punkte Gesamtpassung.</translation>
    </message>
    <message>
        <source>%1 rejected.</source>
        <translation>%1 abgelehnt.</translation>
    </message>
    <message>
        <source>Un&amp;pin</source>
        <translation>Festlegung auf&amp;heben</translation>
    </message>
    <message>
        <source>Keep this pair fixed and compute the proposal again; shows what the pin costs</source>
        <translation>Diese Zuordnung festhalten und den Vorschlag neu berechnen; zeigt, was die Festlegung kostet</translation>
    </message>
    <message>
        <source>Let the matcher decide this pair again</source>
        <translation>Diese Zuordnung wieder dem Vorschlag überlassen</translation>
    </message>
</context>
<context>
    <name>RankPane</name>
    <message>
        <source>Search address or municipality…</source>
        <translation>Adresse oder Gemeinde suchen …</translation>
    </message>
    <message>
        <source>Search case number or name…</source>
        <translation>Aktenzeichen oder Name suchen …</translation>
    </message>
    <message>
        <source>Select a household in the ranking to see how well it fits, criterion by criterion.</source>
        <translation>Wählen Sie einen Haushalt in der Reihung, um zu sehen, wie gut er passt – Kriterium für Kriterium.</translation>
    </message>
    <message>
        <source>Select a flat in the ranking to see how well it fits, criterion by criterion.</source>
        <translation>Wählen Sie eine Wohnung in der Reihung, um zu sehen, wie gut sie passt – Kriterium für Kriterium.</translation>
    </message>
    <message>
        <source>Prepare &amp;offer</source>
        <translation>&amp;Angebot vorbereiten</translation>
    </message>
    <message>
        <source>Open a placement for this pair (state: proposed)</source>
        <translation>Einen Vorgang für diese Zuordnung anlegen (Stand: vorgeschlagen)</translation>
    </message>
    <message>
        <source>%1 of %2 free flats</source>
        <translation>%1 von %2 freien Wohnungen</translation>
    </message>
    <message>
        <source>%1 of %2 households seeking a flat</source>
        <translation>%1 von %2 wohnungssuchenden Haushalten</translation>
    </message>
    <message>
        <source>Households for %1, %2: %3 suitable</source>
        <translation>Haushalte für %1, %2: %3 geeignet</translation>
    </message>
    <message>
        <source>Flats for %1 (%2): %3 suitable</source>
        <translation>Wohnungen für %1 (%2): %3 geeignet</translation>
    </message>
    <message>
        <source>No household fits this flat. Tick “Also show unsuitable” to see why.</source>
        <translation>Kein Haushalt passt zu dieser Wohnung. Setzen Sie das Häkchen bei „Auch ungeeignete zeigen“, um die Gründe zu sehen.</translation>
    </message>
    <message>
        <source>No flat fits this household. Tick “Also show unsuitable” to see why.</source>
        <translation>Keine Wohnung passt zu diesem Haushalt. Setzen Sie das Häkchen bei „Auch ungeeignete zeigen“, um die Gründe zu sehen.</translation>
    </message>
    <message>
        <source>Choose a free flat on the left: the households that suit it appear here, best first.</source>
        <translation>Wählen Sie links eine freie Wohnung: Hier erscheinen die passenden Haushalte, der beste zuerst.</translation>
    </message>
    <message>
        <source>Choose a household on the left: the flats that suit it appear here, best first.</source>
        <translation>Wählen Sie links einen Haushalt: Hier erscheinen die passenden Wohnungen, die beste zuerst.</translation>
    </message>
    <message>
        <source>Also show &amp;unsuitable (%1)</source>
        <translation>Auch &amp;ungeeignete zeigen (%1)</translation>
    </message>
    <message>
        <source>Select a pair in the ranking first.</source>
        <translation>Wählen Sie zuerst eine Zeile in der Reihung.</translation>
    </message>
    <message>
        <source>A placement for this pair is already running.</source>
        <translation>Für diese Zuordnung läuft bereits ein Vorgang.</translation>
    </message>
    <message>
        <source>The rules exclude this pair; an offer is not possible.</source>
        <translation>Die Regeln schließen diese Zuordnung aus; ein Angebot ist nicht möglich.</translation>
    </message>
    <message>
        <source>Warning: %1</source>
        <translation>Warnung: %1</translation>
    </message>
</context>
<context>
    <name>RankedModel</name>
    <message>
        <source>suitable</source>
        <translation>geeignet</translation>
    </message>
    <message>
        <source>unsuitable</source>
        <translation>ungeeignet</translation>
    </message>
    <message>
        <source>Reasons</source>
        <translation>Gründe</translation>
    </message>
    <message>
        <source>Verdict</source>
        <translation>Ergebnis</translation>
    </message>
    <message>
        <source>#</source>
        <translation>Nr.</translation>
    </message>
    <message>
        <source>Score</source>
        <translation>Punkte</translation>
    </message>
    <message>
        <source>Case number</source>
        <translation>Aktenzeichen</translation>
    </message>
    <message>
        <source>Applicant</source>
        <translation>Antragsteller/in</translation>
    </message>
    <message>
        <source>Persons</source>
        <translation>Personen</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Adresse</translation>
    </message>
    <message>
        <source>Municipality</source>
        <translation>Gemeinde</translation>
    </message>
    <message>
        <source>Gross cold rent</source>
        <translation>Bruttokaltmiete</translation>
    </message>
</context>
<context>
    <name>RecordCommand</name>
    <message>
        <source>The change cannot be undone</source>
        <translation>Die Änderung kann nicht rückgängig gemacht werden</translation>
    </message>
    <message>
        <source>The change cannot be redone</source>
        <translation>Die Änderung kann nicht wiederholt werden</translation>
    </message>
</context>
<context>
    <name>RentCapTab</name>
    <message>
        <source>Valid from</source>
        <translation>Gültig ab</translation>
    </message>
    <message>
        <source>From this day on, calculate with the district&apos;s own table</source>
        <translation>Ab diesem Tag nach eigener Richtwerttabelle berechnen</translation>
    </message>
    <message>
        <source>Rent limits in euros</source>
        <translation>Richtwerte in Euro</translation>
    </message>
    <message>
        <source>Save rent limits table</source>
        <translation>Richtwerte speichern</translation>
    </message>
    <message>
        <source>Comparison areas</source>
        <translation>Vergleichsräume</translation>
    </message>
    <message>
        <source>&amp;New…</source>
        <translation>&amp;Neu …</translation>
    </message>
    <message>
        <source>Create a comparison area from municipalities of the district</source>
        <translation>Einen Vergleichsraum aus Gemeinden des Landkreises anlegen</translation>
    </message>
    <message>
        <source>C&amp;hange…</source>
        <translation>Änd&amp;ern …</translation>
    </message>
    <message>
        <source>Rename the chosen comparison area or change its municipalities</source>
        <translation>Den ausgewählten Vergleichsraum umbenennen oder seine Gemeinden ändern</translation>
    </message>
    <message>
        <source>&amp;Delete</source>
        <translation>&amp;Löschen</translation>
    </message>
    <message>
        <source>Delete the chosen comparison area</source>
        <translation>Den ausgewählten Vergleichsraum löschen</translation>
    </message>
    <message>
        <source>Each further person</source>
        <translation>jede weitere Person</translation>
    </message>
    <message>
        <source>1 person</source>
        <translation>1 Person</translation>
    </message>
    <message>
        <source>%1 persons</source>
        <translation>%1 Personen</translation>
    </message>
    <message>
        <source>Choose your district on the Office tab first.</source>
        <translation>Bitte wählen Sie zuerst auf der Registerkarte „Behörde“ Ihren Landkreis.</translation>
    </message>
    <message>
        <source>Own rent limits of %1 in force since %2. Enter amounts in euros (gross cold rent).</source>
        <translation>Eigene Richtwerte für %1, gültig seit %2. Bitte Beträge in Euro eingeben (Bruttokaltmiete).</translation>
    </message>
    <message>
        <source>%1 has no own rent limits table yet. Enter amounts in euros (gross cold rent).</source>
        <translation>Für %1 gibt es noch keine eigene Richtwerttabelle. Bitte Beträge in Euro eingeben (Bruttokaltmiete).</translation>
    </message>
    <message>
        <source>Comparison area %1</source>
        <translation>Vergleichsraum %1</translation>
    </message>
    <message>
        <source>Belongs to comparison area %1; its own figures take precedence over the area&apos;s.</source>
        <translation>Gehört zum Vergleichsraum %1; die eigenen Werte der Gemeinde gehen denen des Vergleichsraums vor.</translation>
    </message>
    <message>
        <source>%1 (own figures)</source>
        <translation>%1 (eigene Werte)</translation>
    </message>
    <message>
        <source>No comparison areas yet. If your district&apos;s concept groups municipalities, create an area with “New…”; the table then has one row for it.</source>
        <translation>Noch keine Vergleichsräume. Wenn das Konzept Ihres Landkreises Gemeinden zusammenfasst, legen Sie mit „Neu …“ einen Vergleichsraum an; die Tabelle hat dann eine Zeile dafür.</translation>
    </message>
    <message>
        <source>Choose an area to see its municipalities.</source>
        <translation>Wählen Sie einen Vergleichsraum, um seine Gemeinden zu sehen.</translation>
    </message>
    <message>
        <source>Municipalities: %1</source>
        <translation>Gemeinden: %1</translation>
    </message>
    <message>
        <source>Delete comparison area %1? Its municipalities then get rows of their own again.</source>
        <translation>Vergleichsraum %1 löschen? Seine Gemeinden erhalten dann wieder eigene Zeilen in der Tabelle.</translation>
    </message>
    <message>
        <source>Delete comparison area</source>
        <translation>Vergleichsraum löschen</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Löschen</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>%1, %2: “%3” is not an amount. Please enter euros, such as 512,50.</source>
        <translation>%1, %2: „%3“ ist kein Betrag. Bitte geben Sie Euro ein, zum Beispiel 512,50.</translation>
    </message>
    <message>
        <source>Nothing was saved. Please correct the marked rows.</source>
        <translation>Nichts wurde gespeichert. Bitte korrigieren Sie die markierten Zeilen.</translation>
    </message>
</context>
<context>
    <name>RestoreDialog</name>
    <message>
        <source>Restore from backup</source>
        <translation>Aus Sicherung wiederherstellen</translation>
    </message>
    <message>
        <source>Choose a backup. The current file is kept beside it under a new name; nothing is deleted.</source>
        <translation>Wählen Sie eine Sicherung. Die jetzige Datei bleibt unter neuem Namen daneben erhalten; nichts wird gelöscht.</translation>
    </message>
    <message>
        <source>Made on</source>
        <translation>Angelegt am</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Art</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Größe</translation>
    </message>
    <message>
        <source>automatic</source>
        <translation>automatisch</translation>
    </message>
    <message>
        <source>by hand</source>
        <translation>von Hand</translation>
    </message>
    <message>
        <source>before an update</source>
        <translation>vor Aktualisierung</translation>
    </message>
    <message>
        <source>There are no backups of this database yet.</source>
        <translation>Von dieser Datenbank gibt es noch keine Sicherung.</translation>
    </message>
    <message>
        <source>Restore</source>
        <translation>Wiederherstellen</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>The backup could not be restored.</source>
        <translation>Die Sicherung konnte nicht wiederhergestellt werden.</translation>
    </message>
</context>
<context>
    <name>RetentionDialog</name>
    <message>
        <source>Retention period: anonymise closed cases</source>
        <translation>Aufbewahrungsfrist: abgeschlossene Fälle anonymisieren</translation>
    </message>
    <message>
        <source>Checking which closed cases are past the retention period …</source>
        <translation>Es wird geprüft, bei welchen abgeschlossenen Fällen die Aufbewahrungsfrist abgelaufen ist …</translation>
    </message>
    <message>
        <source>Anonymising removes from each of these households the names and birth dates (the year of birth stays), accommodation, phone and e-mail, notes, health information, contact persons, wishes and all printed documents; the case number becomes ANON-&lt;no.&gt;. What the statistics count stays: status, number of persons, residence status and the month of registration.</source>
        <translation>Beim Anonymisieren werden bei jedem dieser Haushalte gelöscht: Namen und Geburtsdaten (das Geburtsjahr bleibt), Unterkunft, Telefon und E-Mail, Notizen, Angaben zur Gesundheit, Kontaktpersonen, Wünsche und alle gedruckten Dokumente; das Aktenzeichen wird zu ANON-&lt;Nr.&gt;. Was die Statistik zählt, bleibt: Status, Zahl der Personen, Aufenthaltsstatus und der Monat der Registrierung.</translation>
    </message>
    <message>
        <source>Case number</source>
        <translation>Aktenzeichen</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Closed on</source>
        <translation>Abgeschlossen am</translation>
    </message>
    <message>
        <source>Persons</source>
        <translation>Personen</translation>
    </message>
    <message>
        <source>What happens</source>
        <translation>Was geschieht</translation>
    </message>
    <message>
        <source>Households past the retention period</source>
        <translation>Haushalte mit abgelaufener Aufbewahrungsfrist</translation>
    </message>
    <message>
        <source>&amp;Anonymise now …</source>
        <translation>Jetzt &amp;anonymisieren …</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Schließen</translation>
    </message>
    <message>
        <source>Closed households past the retention period: %1</source>
        <translation>Abgeschlossene Haushalte mit abgelaufener Aufbewahrungsfrist: %1</translation>
    </message>
    <message>
        <source>No closed household is past the retention period. There is nothing to do.</source>
        <translation>Bei keinem abgeschlossenen Haushalt ist die Aufbewahrungsfrist abgelaufen. Es gibt nichts zu tun.</translation>
    </message>
    <message>
        <source>Retention period of the office: %1 days (Settings › Office). Households housed or withdrawn before %2 are anonymised.</source>
        <translation>Aufbewahrungsfrist der Behörde: %1 Tage (Einstellungen › Behörde). Haushalte, die vor dem %2 untergebracht oder zurückgezogen wurden, werden anonymisiert.</translation>
    </message>
    <message>
        <source>The database is open read-only: nothing can be anonymised.</source>
        <translation>Die Datenbank ist schreibgeschützt geöffnet: Es kann nichts anonymisiert werden.</translation>
    </message>
    <message>
        <source>to be anonymised</source>
        <translation>wird anonymisiert</translation>
    </message>
    <message>
        <source>Anonymise the listed households now (%1)?</source>
        <translation>Die aufgeführten Haushalte jetzt anonymisieren (%1)?</translation>
    </message>
    <message>
        <source>Names, contact data, notes and printed documents of these households are removed for good. This cannot be undone.</source>
        <translation>Namen, Kontaktdaten, Notizen und gedruckte Dokumente dieser Haushalte werden endgültig entfernt. Das lässt sich nicht rückgängig machen.</translation>
    </message>
    <message>
        <source>Anonymise</source>
        <translation>Anonymisieren</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Anonymising households</source>
        <translation>Haushalte werden anonymisiert</translation>
    </message>
    <message>
        <source>Households anonymised: %1</source>
        <translation>Anonymisierte Haushalte: %1</translation>
    </message>
    <message>
        <source>The figures for the statistics are kept.</source>
        <translation>Die Zahlen für die Statistik bleiben erhalten.</translation>
    </message>
    <message>
        <source>Another program is reading the database file at the moment; the removed data disappears from the file completely as soon as it closes it.</source>
        <translation>Ein anderes Programm liest die Datenbankdatei gerade; die entfernten Daten verschwinden vollständig aus der Datei, sobald es sie schließt.</translation>
    </message>
</context>
<context>
    <name>RulesTab</name>
    <message>
        <source>Valid from</source>
        <translation>Gültig ab</translation>
    </message>
    <message>
        <source>Rent limit</source>
        <translation>Angemessenheitsgrenze</translation>
    </message>
    <message>
        <source>Rent above</source>
        <translation>Miete darüber</translation>
    </message>
    <message>
        <source>Minimum area</source>
        <translation>Mindestfläche</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>Quelle</translation>
    </message>
    <message>
        <source>Save new version</source>
        <translation>Neue Fassung speichern</translation>
    </message>
    <message>
        <source>New version of the rules</source>
        <translation>Neue Fassung der Regeln</translation>
    </message>
    <message>
        <source>Appropriate living area</source>
        <translation>Angemessene Wohnfläche</translation>
    </message>
    <message>
        <source>Each further person</source>
        <translation>Jede weitere Person</translation>
    </message>
    <message>
        <source>1 person</source>
        <translation>1 Person</translation>
    </message>
    <message>
        <source>%1 persons</source>
        <translation>%1 Personen</translation>
    </message>
    <message>
        <source>Choose your district on the Office tab first.</source>
        <translation>Bitte wählen Sie zuerst auf der Registerkarte „Behörde“ Ihren Landkreis.</translation>
    </message>
    <message>
        <source>Rules of district %1, newest version first</source>
        <translation>Regeln des Landkreises %1, neueste Fassung zuerst</translation>
    </message>
    <message>
        <source>Please correct the marked fields.</source>
        <translation>Bitte korrigieren Sie die markierten Felder.</translation>
    </message>
</context>
<context>
    <name>SaveRow</name>
    <message>
        <source>Saved at %1</source>
        <translation>Gespeichert um %1</translation>
    </message>
</context>
<context>
    <name>SettingsPage</name>
    <message>
        <source>&amp;Office</source>
        <translation>&amp;Behörde</translation>
    </message>
    <message>
        <source>District &amp;rules</source>
        <translation>&amp;Regeln des Landkreises</translation>
    </message>
    <message>
        <source>Rent &amp;caps table</source>
        <translation>Richt&amp;werte</translation>
    </message>
    <message>
        <source>Matching &amp;weights</source>
        <translation>&amp;Gewichtung</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>&amp;Sprache</translation>
    </message>
</context>
<context>
    <name>StepDialog</name>
    <message>
        <source>Optional: what was agreed, with whom</source>
        <translation>Optional: was mit wem vereinbart wurde</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Notiz</translation>
    </message>
    <message>
        <source>The step is recorded in the timeline. Edit › Undo takes it back as long as nothing else happened.</source>
        <translation>Der Schritt wird im Verlauf festgehalten. Mit Bearbeiten › Rückgängig nehmen Sie ihn zurück, solange nichts anderes geschehen ist.</translation>
    </message>
    <message>
        <source>Viewing on</source>
        <translation>Besichtigung am</translation>
    </message>
    <message>
        <source>Please choose…</source>
        <translation>Bitte wählen…</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Grund</translation>
    </message>
    <message>
        <source>Moved in on</source>
        <translation>Eingezogen am</translation>
    </message>
    <message>
        <source>Planned move-in</source>
        <translation>Geplanter Einzug</translation>
    </message>
    <message>
        <source>Placement %1: %2</source>
        <translation>Vorgang %1: %2</translation>
    </message>
    <message>
        <source>Send offer</source>
        <translation>Angebot senden</translation>
    </message>
    <message>
        <source>Arrange viewing</source>
        <translation>Besichtigung vereinbaren</translation>
    </message>
    <message>
        <source>Record acceptance</source>
        <translation>Zusage erfassen</translation>
    </message>
    <message>
        <source>Record refusal</source>
        <translation>Absage erfassen</translation>
    </message>
    <message>
        <source>Save lease draft</source>
        <translation>Vertragsentwurf speichern</translation>
    </message>
    <message>
        <source>Mark as signed</source>
        <translation>Als unterschrieben erfassen</translation>
    </message>
    <message>
        <source>Record move-in</source>
        <translation>Einzug erfassen</translation>
    </message>
    <message>
        <source>Cancel placement</source>
        <translation>Vorgang abbrechen</translation>
    </message>
    <message>
        <source>Offer the flat to the household (%1).</source>
        <translation>Dem Haushalt die Wohnung anbieten (%1).</translation>
    </message>
    <message>
        <source>Arrange a viewing of the flat for the household (%1).</source>
        <translation>Eine Besichtigung der Wohnung für den Haushalt vereinbaren (%1).</translation>
    </message>
    <message>
        <source>The household accepts the flat (%1). The flat is then reserved for it.</source>
        <translation>Der Haushalt sagt zu (%1). Die Wohnung wird dann für ihn reserviert.</translation>
    </message>
    <message>
        <source>The placement ends with a refusal (%1). Choose the reason; it is counted.</source>
        <translation>Der Vorgang endet mit einer Absage (%1). Wählen Sie den Grund; er wird ausgewertet.</translation>
    </message>
    <message>
        <source>Enter the lease data for the contract (%1).</source>
        <translation>Tragen Sie die Vertragsdaten für den Mietvertrag ein (%1).</translation>
    </message>
    <message>
        <source>The lease has been signed by all parties (%1).</source>
        <translation>Der Vertrag ist von allen Parteien unterschrieben (%1).</translation>
    </message>
    <message>
        <source>The household has moved in (%1). The flat is then let.</source>
        <translation>Der Haushalt ist eingezogen (%1). Die Wohnung gilt dann als vermietet.</translation>
    </message>
    <message>
        <source>Cancel this placement (%1). Flat and household become free again.</source>
        <translation>Diesen Vorgang abbrechen (%1). Wohnung und Haushalt werden wieder frei.</translation>
    </message>
</context>
<context>
    <name>StorageDialogs</name>
    <message>
        <source>The database is open by %1 on the computer %2 since %3.</source>
        <translation>Die Datenbank ist geöffnet von %1 auf dem Rechner %2 seit %3.</translation>
    </message>
    <message>
        <source>Restore from backup</source>
        <translation>Aus Sicherung wiederherstellen</translation>
    </message>
    <message>
        <source>A database on a server is backed up and restored by your IT.</source>
        <translation>Eine Datenbank auf einem Server wird von Ihrer IT gesichert und wiederhergestellt.</translation>
    </message>
    <message>
        <source>Change passphrase</source>
        <translation>Passwort ändern</translation>
    </message>
    <message>
        <source>The program offers the latest good backup; the damaged file is kept aside.</source>
        <translation>Das Programm bietet die letzte fehlerfreie Sicherung an; die beschädigte Datei wird beiseitegelegt und nicht gelöscht.</translation>
    </message>
    <message>
        <source>No backup was made</source>
        <translation>Keine Sicherung angelegt</translation>
    </message>
    <message>
        <source>Database on a network drive</source>
        <translation>Datenbank auf einem Netzlaufwerk</translation>
    </message>
    <message>
        <source>Continue</source>
        <translation>Weiter</translation>
    </message>
</context>
<context>
    <name>Task</name>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
</context>
<context>
    <name>WaitDialog</name>
    <message>
        <source>Waiting for the database</source>
        <translation>Warten auf die Datenbank</translation>
    </message>
    <message>
        <source>The program opens it as soon as it is closed there.</source>
        <translation>Das Programm öffnet sie, sobald sie dort geschlossen ist.</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
</context>
<context>
    <name>WeightsTab</name>
    <message>
        <source>How much each criterion counts when households and flats are ranked. Only the proportions matter: 2 counts twice as much as 1; 0 switches a criterion off.</source>
        <translation>Wie stark jedes Kriterium zählt, wenn Haushalte und Wohnungen gereiht werden. Es kommt nur auf das Verhältnis an: 2 zählt doppelt so viel wie 1; 0 schaltet ein Kriterium ab.</translation>
    </message>
    <message>
        <source>Largest total fit</source>
        <translation>Größte Gesamtpassung</translation>
    </message>
    <message>
        <source>Urgent and long-waiting households first</source>
        <translation>Dringende und lange wartende Haushalte zuerst</translation>
    </message>
    <message>
        <source>District-wide proposal</source>
        <translation>Gesamtvorschlag</translation>
    </message>
    <message>
        <source>Restore defaults</source>
        <translation>Voreinstellungen wiederherstellen</translation>
    </message>
    <message>
        <source>Save matching settings</source>
        <translation>Einstellungen der Vermittlung speichern</translation>
    </message>
</context>
</TS>
