<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de" sourcelanguage="en">
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
        <source>Search address, municipality, landlord…</source>
        <translation>Adresse, Gemeinde, Vermieter suchen…</translation>
    </message>
    <message>
        <source>No flats recorded yet.</source>
        <translation>Noch keine Wohnungen erfasst.</translation>
    </message>
    <message>
        <source>Entering flats and importing lists will follow in one of the next versions. To get to know the program, you can open the demo database.</source>
        <translation>Das Erfassen von Wohnungen und der Import von Listen folgen in einer der nächsten Versionen. Zum Kennenlernen des Programms können Sie die Demodatenbank öffnen.</translation>
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
        <source>Search case number, name, accommodation…</source>
        <translation>Aktenzeichen, Name, Unterkunft suchen…</translation>
    </message>
    <message>
        <source>No households recorded yet.</source>
        <translation>Noch keine Haushalte erfasst.</translation>
    </message>
    <message>
        <source>Entering households and importing lists will follow in one of the next versions. To get to know the program, you can open the demo database.</source>
        <translation>Das Erfassen von Haushalten und der Import von Listen folgen in einer der nächsten Versionen. Zum Kennenlernen des Programms können Sie die Demodatenbank öffnen.</translation>
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
        <source>&amp;Open database…</source>
        <translation>Datenbank ö&amp;ffnen…</translation>
    </message>
    <message>
        <source>Open &amp;demo database</source>
        <translation>&amp;Demodatenbank öffnen</translation>
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
    <name>PlaceholderPage</name>
    <message>
        <source>The overview will show the numbers that matter — households waiting, flats free, offers open — each one a link to the list behind it.</source>
        <translation>Die Übersicht wird die wichtigsten Zahlen zeigen – wartende Haushalte, freie Wohnungen, offene Angebote –, jede mit einem Link zur Liste dahinter.</translation>
    </message>
    <message>
        <source>Here you will pick a flat and see the households that suit it, ranked, with the reasons in words.</source>
        <translation>Hier wählen Sie künftig eine Wohnung aus und sehen die passenden Haushalte in einer Rangfolge, mit den Gründen in Worten.</translation>
    </message>
    <message>
        <source>Here you will follow every offer from the viewing to the move-in, with the cost approval and the lease.</source>
        <translation>Hier verfolgen Sie künftig jedes Angebot von der Besichtigung bis zum Einzug, mit Zusicherung und Mietvertrag.</translation>
    </message>
    <message>
        <source>Here you will find leases, rent certificates and handover protocols, archived exactly as printed.</source>
        <translation>Hier finden Sie künftig Mietverträge, Mietbescheinigungen und Übergabeprotokolle, archiviert genau so, wie sie gedruckt wurden.</translation>
    </message>
    <message>
        <source>Here you will set up your office: letterhead, the rent limits of your district and the weights of the matching.</source>
        <translation>Hier richten Sie künftig Ihre Dienststelle ein: Briefkopf, Angemessenheitsgrenzen Ihres Landkreises und die Gewichtung der Vermittlung.</translation>
    </message>
    <message>
        <source>This area will come in a later version.</source>
        <translation>Dieser Bereich kommt in einer späteren Version.</translation>
    </message>
</context>
<context>
    <name>Task</name>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
</context>
</TS>
