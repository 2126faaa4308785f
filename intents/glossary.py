"""Support words of other languages, read as their English meaning (for the classifiers and the rules only).

People write to the desk in the language they think in: "mon ordinateur ne se connecte plus", "ich brauche Zugriff
auf den Ordner", "cierra el ticket 5600, ya funciona", or English with a clause of another language. A bag of words
trained on English sees nothing in those words. Here each language has a short glossary of what support talk is
made of (the things: computer, printer, password; the acts: close, open again, need, works; negation, possession,
time), and a message's tokens are glossed when the message is written in that language: at least two of its words
are words of that language that English does not also use (a lone "no" or "die" is English). The Subject and the
Description keep the person's own words; only what the classifiers and rules read is glossed.

The glossaries are deliberately small: words of other kinds pass through unchanged and weigh nothing.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from .lexicon import IT_TERMS
from .typos import KNOWN_WORDS
from .words import STOP


def _table(text: str) -> dict[str, tuple[str, ...]]:
    """``"word=english words; ..."`` -> {word: (english, words)}; keys without accents."""
    out: dict[str, tuple[str, ...]] = {}
    for item in text.split(";"):
        if "=" not in item:
            continue
        words, _, english = item.partition("=")
        for word in words.split(","):
            out[unaccented(word.strip())] = tuple(english.split())
    return out


def unaccented(word: str) -> str:
    """"funcionó" -> "funciono", "Verträge" -> "vertrage" (ß -> ss)."""
    word = word.lower().replace("ß", "ss").replace("ł", "l")
    return "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c))


# Words that are also common English (or English chat) never count as evidence of a language; they are glossed
# only in a message already found to be in that language.
_ENGLISH_TOO = frozenset("""
a an and as at be but can do for has he i in is it me my no not of on or so the to was we with you your
die den der des la le les de el me mi son on pas plus sur con per come no non so sie will was am an also
all art bald hat most rat fast gift kind see man mag war wer was ist still com installer
""".split())

GLOSSARIES: dict[str, dict[str, tuple[str, ...]]] = {
    "fr": _table("""
        ordinateur,ordi,pc=computer; portable=laptop; imprimante=printer; écran=screen; clavier=keyboard;
        souris=mouse; mot de passe,mdp=password; compte=account; courriel,mail,messagerie=email; réseau=network;
        connexion=connection; dossier=folder; fichier=file; lecteur=drive; téléphone=phone; casque=headset;
        logiciel=software; accès,acces=access; droits=permissions; demande=request; problème,souci=problem;
        erreur=error; panne=outage; ticket=ticket; dossiers=cases; tickets=tickets; mes=my; mon,ma=my; le,la,les=the;
        un,une=a; ne,n'=not; pas=not; plus=anymore; jamais=never; marche,fonctionne,fonctionnent,marchent=works;
        connecte,connecter=connect; imprime,imprimer=print; démarre,démarrer=start; bloqué,bloque,planté,plante=stuck;
        cassé,casse=broken; lent=slow; fermer,fermez,ferme,clôturer,clôturez=close; annuler,annulez=cancel;
        ouvrir,ouvrez=open; rouvrir,rouvrez,réouvrir,réouvrez=reopen; de nouveau,à nouveau,encore=again;
        besoin=need; voudrais,veux,aimerais=want; installer,installez=install; aide,aidez=help; merci=thanks;
        bonjour,salut,bonsoir=hello; depuis=since; hier=yesterday; aujourd'hui=today; toujours=still;
        où,ou en est=status; nouvelles=news; résolu,réglé,regle=fixed; urgent=urgent; avec=with; sur=on;
        dans=in; pour=for; remarche,refonctionne=works again; tout va bien,tout est bon=all good; je,j'=i; n'=not; l'=the; d'=of; qu'=that; c'=it; s'=; il,elle=it; est=is; et=and; s' il vous plaît,svp=please; vous=you; nouveau,nouvelle=new
    """),
    "de": _table("""
        rechner,computer=computer; laptop,notebook=laptop; drucker=printer; bildschirm,monitor=screen;
        tastatur=keyboard; maus=mouse; passwort,kennwort=password; konto,zugang=account; netzwerk,netz=network;
        verbindung=connection; ordner=folder; datei=file; laufwerk=drive; telefon,handy=phone; software,programm=software;
        zugriff,berechtigung,rechte=access; anfrage,antrag=request; problem,fehler=problem; störung=outage;
        ticket,fall=ticket; tickets,fälle=tickets; mein,meine,meinen,meinem=my; der,die,das,den,dem=the;
        ein,eine,einen=a; nicht,kein,keine=not; mehr=anymore; nie=never; funktioniert,geht,läuft=works;
        verbindet=connects; druckt,drucken=print; startet=starts; hängt,abgestürzt,stürzt=crashed; kaputt=broken;
        langsam=slow; schließen,schliessen,schließe,schliesse,schließt=close; stornieren,abbrechen=cancel;
        öffnen,oeffnen=open; wieder öffnen,wiedereröffnen=reopen; funktioniert wieder,geht wieder,läuft wieder=works again; alles gut,alles ok,alles klar=all good; wieder,erneut,nochmal=again;
        brauche,benötige,brauchen=need; möchte,hätte gern,will=want; installieren=install; hilfe,helfen=help;
        danke=thanks; hallo,moin,servus,guten tag,guten morgen=hello; seit=since; gestern=yesterday; heute=today;
        immer noch,noch=still; stand,status=status; neues=news; gelöst,erledigt,behoben=fixed; dringend=urgent;
        mit=with; auf=on; im=in; für=for; ich=i; es,er,sie=it; ist=is; und=and; bitte=please; wir=we;
        haben,habe=have; neu,neuen,neue=new
    """),
    "es": _table("""
        ordenador,computadora,computador,pc=computer; portátil,portatil,laptop=laptop; impresora=printer;
        pantalla=screen; teclado=keyboard; ratón,raton=mouse; contraseña,clave=password; cuenta=account;
        correo=email; red=network; conexión=connection; carpeta=folder; archivo=file; unidad=drive;
        teléfono,móvil,celular=phone; programa=software; acceso,permisos=access; solicitud,petición=request;
        problema=problem; error,fallo=error; caída=outage; ticket,caso,incidencia=ticket;
        tickets,casos,incidencias=tickets; mi,mis=my; el,la,los,las,lo=the; un,una=a; no=not; ya no=anymore; ya funciona,ya anda,ya va=works now; todo bien,todo ok,todo bien ya=all good; bien=fine; todo=all;
        nunca=never; funciona,funcionan,anda,va=works; conecta=connects; imprime,imprimir=print; arranca,enciende=starts;
        bloqueado,colgado,trabado=stuck; roto,rota=broken; lento,lenta=slow; cierra,cierre,cerrar,cierren=close;
        cancela,cancelar=cancel; abre,abrir,abran=open; reabre,reabrir,reabran=reopen; de nuevo,otra vez=again; ya=already;
        necesito,necesitamos=need; quiero,quisiera,querría=want; instalar,instalen=install; ayuda,ayudar=help;
        gracias=thanks; hola,buenos días,buenas=hello; desde=since; ayer=yesterday; hoy=today; sigue,todavía=still;
        estado=status; novedades,noticias=news; resuelto,arreglado,solucionado=fixed; urgente=urgent; con=with;
        en=in; para,por=for; yo=i; es,está=is; y=and; por favor,porfa=please; nuevo,nueva=new; sigue fallando=failing
    """),
    "it": _table("""
        computer,pc=computer; portatile=laptop; stampante=printer; schermo=screen; tastiera=keyboard;
        password=password; account,utenza=account; posta=email; rete=network; connessione=connection;
        cartella=folder; file=file; telefono,cellulare=phone; programma=software; accesso,permessi=access;
        richiesta=request; problema=problem; errore,guasto=error; ticket,caso,segnalazione=ticket;
        segnalazioni,casi=tickets; mio,mia,miei,mie=my; il,lo,gli=the; uno=a; non=not; più=anymore; mai=never;
        funziona,funzionano,va=works; collega=connects; stampa,stampare=print; parte,avvia=starts;
        bloccato,bloccata=stuck; rotto,rotta=broken; lento,lenta=slow; chiudi,chiudere,chiudete=close;
        annulla,annullare=cancel; apri,aprire=open; riapri,riaprire,riaprite=reopen; di nuovo,ancora=again; ora funziona,adesso funziona,funziona di nuovo=works now; tutto ok,tutto bene,tutto a posto=all good;
        bisogno=need; vorrei,voglio=want; installare=install; aiuto,aiutare=help; grazie=thanks;
        ciao,buongiorno,salve=hello; da=since; ieri=yesterday; oggi=today; stato=status; novità=news;
        risolto,sistemato=fixed; urgente=urgent; con=with; su=on; nel,nella,nell'=in; l',dell',un'=the; per=for; io=i; è=is; e=and;
        per favore,perfavore=please; nuovo,nuova=new
    """),
    "pt": _table("""
        computador,pc=computer; portátil,notebook=laptop; impressora=printer; tela,ecrã=screen; teclado=keyboard;
        senha,palavra-passe=password; conta=account; correio=email; rede=network; conexão,ligação=connection;
        pasta=folder; arquivo,ficheiro=file; telefone,celular,telemóvel=phone; programa=software;
        acesso,permissão=access; pedido,solicitação=request; problema=problem; erro,falha=error;
        chamado,ticket,caso=ticket; chamados,casos=tickets; meu,minha,meus,minhas=my; o,os,as=the; um,uma=a;
        não,nao=not; mais=anymore; nunca=never; funciona,funcionam=works; conecta=connects; imprime=print;
        liga=starts; travado,travou,bloqueado=stuck; quebrado=broken; lento=slow; fecha,fechar,fechem,feche=close;
        cancela,cancelar=cancel; abre,abrir=open; reabre,reabrir,reabram=reopen; de novo,novamente=again; já funciona,ja funciona,voltou a funcionar=works now; tudo bem,tudo certo,tudo ok=all good;
        preciso,precisamos=need; quero,gostaria=want; instalar=install; ajuda=help; obrigado,obrigada=thanks;
        olá,ola,oi,bom dia=hello; desde=since; ontem=yesterday; hoje=today; ainda=still; resolvido=fixed;
        urgente=urgent; com=with; em,no,na=in; para,por=for; eu=i; é,está=is; e=and; por favor=please; novo,nova=new
    """),
    "nl": _table("""
        computer,pc=computer; laptop=laptop; printer=printer; scherm=screen; toetsenbord=keyboard; muis=mouse;
        wachtwoord=password; account=account; mail=email; netwerk=network; verbinding=connection; map=folder;
        bestand=file; telefoon=phone; toegang,rechten=access; aanvraag,verzoek=request; probleem=problem;
        fout,storing=error; ticket,melding=ticket; tickets,meldingen=tickets; mijn=my; de,het=the; een=a;
        niet,geen=not; meer=anymore; nooit=never; werkt,doet het=works; print=print; start=starts;
        vastgelopen,hangt=stuck; kapot=broken; traag=slow; sluiten,sluit=close; annuleren=cancel; openen=open;
        heropenen=reopen; opnieuw,weer=again; werkt weer,doet het weer=works again; alles goed,alles werkt=all good; nodig=need; wil,graag=want; installeren=install; hulp,help=help;
        bedankt,dank=thanks; hoi,hallo,goedemorgen=hello; sinds=since; gisteren=yesterday; vandaag=today;
        nog steeds=still; opgelost=fixed; dringend=urgent; met=with; op=on; voor=for; ik=i; is=is; en=and;
        alsjeblieft,alstublieft=please; nieuw,nieuwe=new
    """),
    "pl": _table("""
        komputer=computer; laptop=laptop; drukarka,drukarki=printer; ekran,monitor=screen; klawiatura=keyboard;
        mysz=mouse; hasło=password; konto=account; poczta=email; sieć=network; połączenie=connection;
        folder=folder; plik=file; telefon=phone; dostęp=access; prośba,wniosek=request; problem=problem;
        błąd=error; zgłoszenie=ticket; zgłoszenia=tickets; mój,moja,moje=my; nie=not; już nie=anymore;
        nigdy=never; działa=works; drukuje=print; uruchamia=starts; zawiesza=stuck; zepsuty,zepsuta=broken;
        wolno=slow; zamknij,zamknąć=close; anuluj,anulować=cancel; otwórz,otworzyć=open;
        ponownie otwórz=reopen; ponownie,znowu=again; już działa,juz dziala,działa już=works now; wszystko ok,wszystko działa=all good; potrzebuję=need; chcę,chciałbym,chciałabym=want;
        zainstalować=install; pomoc=help; dziękuję,dzięki=thanks; cześć,dzień dobry=hello; od=since;
        wczoraj=yesterday; dzisiaj=today; nadal=still; naprawione=fixed; pilne=urgent; z=with; na=on; w=in;
        dla=for; ja=i; jest=is; i=and; proszę=please; nowy,nowa=new
    """),
}


@lru_cache(maxsize=1)
def _english() -> frozenset[str]:
    """Words English uses: never evidence of another language."""
    return _ENGLISH_TOO | IT_TERMS | KNOWN_WORDS | STOP | frozenset(w for k in GLOSSARIES.values()
                                                                       for v in k.values() for w in v)


@lru_cache(maxsize=1)
def _phrases() -> dict[str, list[tuple[tuple[str, ...], tuple[str, ...]]]]:
    """Each language's multi-word entries, longest first: (their words, the English)."""
    return {lang: sorted(((tuple(k.split()), v) for k, v in table.items() if " " in k), key=lambda p: -len(p[0]))
            for lang, table in GLOSSARIES.items()}


def language(tokens: list[str]) -> str | None:
    """The glossary language the tokens are written in, or None: the language with the most distinct words that
    English does not also use, at least two of them."""
    keys = [unaccented(t) for t in tokens]
    best, best_n = None, 1
    for lang, table in GLOSSARIES.items():
        n = len({k for k in keys if len(k) >= 3 and k in table and k not in _english()})
        if n > best_n:
            best, best_n = lang, n
    return best


def _elided(tokens: list[str], table: dict[str, tuple[str, ...]]) -> list[str]:
    """"n'imprime" -> ["n'", "imprime"], "dell'ufficio" -> ["dell'", "ufficio"] where the language elides."""
    out: list[str] = []
    for token in tokens:
        head, sep, tail = token.partition("'")
        if sep and tail and unaccented(head + sep) in table:
            out += [head + sep, tail]
        else:
            out.append(token)
    return out


def gloss(tokens: list[str]) -> list[str]:
    """The tokens with the words of the message's language replaced by their English (unchanged for English)."""
    lang = language([t for token in tokens for t in token.split("'")])
    if lang is None:
        return tokens
    table, phrases = GLOSSARIES[lang], _phrases()[lang]
    tokens = _elided(tokens, table)
    keys = [unaccented(t) for t in tokens]
    out: list[str] = []
    i = 0
    while i < len(tokens):
        for words, english in phrases:
            if tuple(keys[i:i + len(words)]) == words:
                out.extend(english)
                i += len(words)
                break
        else:
            out.extend(table.get(keys[i], (tokens[i],)))
            i += 1
    # "ne marche plus" -> "not work anymore", "geht nicht" -> "work not": negated, the verb reads as English's "work"
    out = ["work" if t == "works" and "not" in out[max(0, i - 2):i + 3] else t for i, t in enumerate(out)]
    if "open" in out and "again" in out:     # "abre de nuevo el ticket", "wieder öffnen": open again is reopen
        out = ["reopen" if t == "open" else t for t in out if t != "again"]
    return out


_WORDS = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?|\S", re.UNICODE)


def english(text: str) -> str:
    """`text` read in English when it is written in a glossary language ("ya funciona, todo bien" -> "works now, all
    good"), for the rules that read raw text; unchanged otherwise."""
    tokens = _WORDS.findall(text or "")
    glossed = gloss(tokens)
    return text if glossed == tokens else " ".join(glossed)
