import Mustache

/// The pages' Mustache templates and stylesheet, kept in the module (no build step, no CDN: works offline).
enum Templates {
    static let library: MustacheLibrary = {
        var library = MustacheLibrary()
        for (name, text) in sources {
            // The templates are ours and tested: a template that does not parse is a bug caught by every test.
            try! library.register(text, named: name)
        }
        return library
    }()

    static func render(_ name: String, _ context: [String: Any]) -> String {
        library.render(context, withTemplate: name) ?? ""
    }

    static let sources: [String: String] = [
        "layout": layout, "overview": overview, "invoices": invoices, "customer": customer,
        "reminders": reminders, "history": history, "reminder": reminder, "problem": problem, "preview": preview,
    ]

    static let layout = """
    <!doctype html>
    <html lang="{{lang}}">
    <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>{{title}} · relance</title>
    <link rel="stylesheet" href="/style.css">
    </head>
    <body>
    <header class="top">
      <div class="brand"><span class="logo">r</span> relance <span class="company">{{company}}</span></div>
      <nav>
        {{#nav}}<a href="{{href}}"{{#current}} class="current"{{/current}}>{{label}}</a>{{/nav}}
      </nav>
      <div class="asof">{{w.asOf}} {{asOf}}</div>
    </header>
    <main>
    {{#messages}}<div class="message {{kind}}"><strong>{{heading}}</strong><pre>{{text}}</pre></div>{{/messages}}
    {{{body}}}
    </main>
    <footer>relance · {{root}}</footer>
    </body>
    </html>
    """

    static let overview = """
    <h1>{{w.overview}}</h1>
    <section class="cards">
    {{#totals}}
      <div class="card" data-currency="{{currency}}">
        <div class="label">{{w.owed}} · {{currency}}</div>
        <div class="big" data-outstanding="{{outstanding}}">{{outstandingText}}</div>
        <div class="sub">{{count}} {{w.items}}</div>
      </div>
      <div class="card warn">
        <div class="label">{{w.overdue}}</div>
        <div class="big" data-overdue="{{overdue}}">{{overdueText}}</div>
        <div class="sub">{{overdueCount}} {{w.items}}</div>
      </div>
      <div class="card">
        <div class="label">{{w.dso}}</div>
        <div class="big">{{dso}} <small>{{w.days}}</small></div>
        <div class="sub">{{w.asOf}} {{asOf}}</div>
      </div>
    {{/totals}}
    {{^totals}}<p class="empty">{{w.nothingOpen}}</p>{{/totals}}
    </section>
    <section class="two">
      <div class="panel">
        <h2>{{w.aging}}</h2>
        {{#charts}}{{{svg}}}{{/charts}}
        <p class="links"><a href="/invoices">{{w.invoices}} →</a> · {{w.download}} {{w.agingTable}}:
          <a href="/export/aging.csv">{{w.csvMachine}}</a> · <a href="/export/aging.csv?format=csv-fr">{{w.csvFrench}}</a></p>
      </div>
      <div class="panel">
        <h2>{{w.lastReminders}}</h2>
        {{#last}}
        <ul class="timeline">
          {{#items}}<li><span class="date">{{date}}</span> <a href="/customers/{{customerURL}}">{{customer}}</a>
            <span class="pill l{{level}}">{{levelText}}</span> <a href="/reminder/{{idURL}}">{{id}}</a> <span class="muted">{{invoices}}</span></li>{{/items}}
        </ul>
        {{/last}}
        {{^last}}<p class="empty">{{w.noReminder}}</p>{{/last}}
        {{#due}}<p class="cta"><a class="button" href="/reminders">{{w.reminders}} : {{count}} →</a></p>{{/due}}
      </div>
    </section>
    """

    static let invoices = """
    <h1>{{w.invoices}}</h1>
    <form class="filters" method="get" action="/invoices">
      <label>{{w.customer}} <select name="customer"><option value="">—</option>{{#customers}}<option value="{{id}}"{{#selected}} selected{{/selected}}>{{id}}</option>{{/customers}}</select></label>
      <label>{{w.group}} <select name="group"><option value="">—</option>{{#groups}}<option{{#selected}} selected{{/selected}}>{{name}}</option>{{/groups}}</select></label>
      <label>{{w.currency}} <select name="currency"><option value="">—</option>{{#currencies}}<option{{#selected}} selected{{/selected}}>{{code}}</option>{{/currencies}}</select></label>
      <label>{{w.minAmount}} <input name="min" value="{{min}}" size="8" inputmode="decimal"></label>
      <input type="hidden" name="sort" value="{{sort}}"><input type="hidden" name="dir" value="{{dir}}">
      <button>{{w.filter}}</button> <a href="/invoices">{{w.reset}}</a>
    </form>
    <table class="data" id="status">
      <thead><tr>{{#columns}}<th class="{{align}}"><a href="{{href}}">{{label}}{{#arrow}} {{arrow}}{{/arrow}}</a></th>{{/columns}}</tr></thead>
      <tbody>
      {{#rows}}<tr class="{{state}}" data-invoice="{{number}}"><td><a href="/customers/{{customerURL}}#{{number}}">{{number}}</a></td><td><a href="/customers/{{customerURL}}">{{customer}}</a></td>
        <td>{{date}}</td><td>{{due}}</td><td class="num">{{amountText}}</td><td class="num strong">{{outstandingText}}</td>
        <td class="num">{{late}}</td><td><span class="state {{state}}">{{stateText}}</span></td><td>{{lastText}}</td></tr>{{/rows}}
      {{^rows}}<tr><td colspan="9" class="empty">{{w.nothingOpen}}</td></tr>{{/rows}}
      </tbody>
      <tfoot>{{#totals}}<tr><td>{{w.total}} {{currency}}</td><td>{{count}} {{w.items}}</td><td></td><td></td><td class="num">{{amountText}}</td><td class="num strong">{{outstandingText}}</td><td colspan="3"></td></tr>{{/totals}}</tfoot>
    </table>
    <p class="links">{{w.download}} {{w.statusTable}}: <a href="/export/status.csv?{{filterQuery}}">{{w.csvMachine}}</a> · <a href="/export/status.csv?format=csv-fr&{{filterQuery}}">{{w.csvFrench}}</a>
     · {{w.agingTable}}: <a href="/export/aging.csv?{{filterQuery}}">{{w.csvMachine}}</a> · <a href="/export/aging.csv?format=csv-fr&{{filterQuery}}">{{w.csvFrench}}</a></p>
    """

    static let customer = """
    <h1>{{name}} <small class="muted">{{id}}</small></h1>
    <section class="two">
      <div class="panel">
        <h2>{{w.contact}}</h2>
        <dl class="contact">
          {{#emails}}<dt>{{w.email}}</dt><dd><a href="mailto:{{.}}">{{.}}</a></dd>{{/emails}}
          {{^emails}}<dt>{{w.email}}</dt><dd class="warn">✉̸ {{w.noEmail}}</dd>{{/emails}}
          {{#phone}}<dt>{{w.phone}}</dt><dd>{{phone}}</dd>{{/phone}}
          {{#address}}<dt>{{w.address}}</dt><dd>{{#lines}}{{.}}<br>{{/lines}}</dd>{{/address}}
          {{#group}}<dt>{{w.group}}</dt><dd>{{group}}</dd>{{/group}}
          {{#note}}<dt>{{w.note}}</dt><dd>{{note}}</dd>{{/note}}
        </dl>
      </div>
      <div class="panel">
        <h2>{{w.owed}}</h2>
        {{#totals}}<div class="big">{{outstandingText}}</div>{{/totals}}
        {{^totals}}<p class="empty">{{w.nothingOpen}}</p>{{/totals}}
      </div>
    </section>
    <h2>{{w.invoices}}</h2>
    <table class="data">
      <thead><tr><th>{{w.invoice}}</th><th>{{w.date}}</th><th>{{w.due}}</th><th class="num">{{w.amount}}</th><th class="num">{{w.outstanding}}</th><th class="num">{{w.late}}</th><th>{{w.state}}</th><th>{{w.documents}}</th></tr></thead>
      <tbody>{{#open}}<tr id="{{number}}" class="{{state}}"><td>{{number}}</td><td>{{date}}</td><td>{{due}}</td><td class="num">{{amountText}}</td><td class="num strong">{{outstandingText}}</td><td class="num">{{late}}</td><td><span class="state {{state}}">{{stateText}}</span></td><td>{{#file}}<a href="/file?path={{fileURL}}">PDF</a>{{/file}}</td></tr>{{/open}}
      {{^open}}<tr><td colspan="8" class="empty">{{w.nothingOpen}}</td></tr>{{/open}}</tbody>
    </table>
    <h2>{{w.payments}}</h2>
    {{#payments}}<ul class="plain">{{#items}}<li><span class="date">{{date}}</span> <strong>{{amountText}}</strong>{{#ref}} <span class="muted">{{ref}}</span>{{/ref}} —
      {{#applied}}{{w.appliedTo}} {{#lines}}<a href="#{{invoice}}">{{invoice}}</a>{{#amountText}} ({{amountText}}){{/amountText}} {{/lines}}{{/applied}}{{^applied}}{{w.unapplied}}{{/applied}}</li>{{/items}}</ul>{{/payments}}
    {{^payments}}<p class="empty">{{w.noPayment}}</p>{{/payments}}
    {{#credits}}<h3>{{w.credits}}</h3><ul class="plain">{{#items}}<li><span class="date">{{date}}</span> {{number}} <strong>{{amountText}}</strong></li>{{/items}}</ul>{{/credits}}
    <h2>{{w.timeline}}</h2>
    {{#reminders}}
    <ol class="timeline">{{#items}}<li><span class="date">{{date}}</span> <span class="pill l{{level}}">{{levelText}}</span> <a href="/reminder/{{idURL}}">{{id}}</a> · {{channelText}} · <span class="muted">{{invoices}}</span>
      {{#files}} · <a href="{{href}}">{{label}}</a>{{/files}}{{#note}} — <em>{{note}}</em>{{/note}}{{#delivery}} · {{delivery}}{{/delivery}}</li>{{/items}}</ol>
    {{/reminders}}
    {{^reminders}}<p class="empty">{{w.noReminder}}</p>{{/reminders}}
    """

    static let reminders = """
    <h1>{{w.reminders}}</h1>
    <form class="filters" method="get" action="/reminders">
      <label>{{w.customer}} <select name="customer"><option value="">—</option>{{#customers}}<option value="{{id}}"{{#selected}} selected{{/selected}}>{{id}}</option>{{/customers}}</select></label>
      <label>{{w.group}} <select name="group"><option value="">—</option>{{#groups}}<option{{#selected}} selected{{/selected}}>{{name}}</option>{{/groups}}</select></label>
      <label>{{w.level}} <select name="level"><option value="">—</option>{{#levels}}<option value="{{number}}"{{#selected}} selected{{/selected}}>{{number}} {{name}}</option>{{/levels}}</select></label>
      <label>{{w.minAmount}} <input name="min" value="{{min}}" size="8" inputmode="decimal"></label>
      <button>{{w.filter}}</button> <a href="/reminders">{{w.reset}}</a>
    </form>
    {{#hasLines}}
    <form method="post" action="/run" id="run">
      <input type="hidden" name="token" value="{{token}}">
      <table class="data" id="plan">
        <thead><tr><th><input type="checkbox" id="all"{{#allTicked}} checked{{/allTicked}} aria-label="{{w.all}}"></th><th>{{w.invoice}}</th><th>{{w.customer}}</th><th class="num">{{w.outstanding}}</th><th>{{w.due}}</th><th class="num">{{w.late}}</th><th>{{w.lastReminder}}</th><th>{{w.proposed}}</th><th>{{w.channel}}</th><th>{{w.why}}</th></tr></thead>
        <tbody>
        {{#lines}}<tr data-invoice="{{number}}"{{#reminder}} data-reminder="{{reminder}}"{{/reminder}}{{#byHand}} class="byhand"{{/byHand}}>
          <td><input type="checkbox" name="invoice" value="{{number}}"{{#ticked}} checked{{/ticked}} aria-label="{{number}}"></td>
          <td><a href="/customers/{{customerURL}}#{{number}}">{{number}}</a></td><td><a href="/customers/{{customerURL}}">{{customer}}</a></td>
          <td class="num strong">{{outstandingText}}</td><td>{{due}}</td><td class="num">{{daysLate}}</td>
          <td>{{#last}}<span class="date">{{date}}</span> <span class="pill l{{level}}">{{levelText}}</span> <span class="muted">{{note}}</span>{{/last}}{{^last}}<span class="muted">—</span>{{/last}}</td>
          <td class="nowrap"><select class="level" name="level-{{number}}" data-proposed="{{proposed}}" aria-label="{{w.proposed}} {{number}}">{{#levels}}<option value="{{number}}" data-channel="{{channel}}"{{#selected}} selected{{/selected}}{{#disabled}} disabled{{/disabled}}>{{number}} · {{name}}</option>{{/levels}}</select><span class="handmark" title="{{w.levelByHand}}">✎</span></td>
          <td class="nowrap">{{#noEmail}}<span class="noemail" title="{{w.noEmail}}">✉ ✕</span>{{/noEmail}}<select class="channel" name="channel-{{number}}" aria-label="{{w.channel}} {{number}}">{{#channels}}<option value="{{value}}"{{#selected}} selected{{/selected}}{{#disabled}} disabled{{/disabled}}>{{label}}</option>{{/channels}}</select></td>
          <td class="why">{{reason}}</td></tr>{{/lines}}
        </tbody>
      </table>
      <div class="actions">
        <span class="shortcuts"><button type="button" data-all-channel="email" hidden>{{w.allByEmail}}</button> <button type="button" data-all-channel="letter" hidden>{{w.allByLetter}}</button></span>
        <button type="submit" class="primary" id="write">{{w.writeButton}}</button>
      </div>
      <p class="notes muted">{{w.levelByHandNote}} {{w.channelNote}}</p>
    </form>
    <h2>{{w.wouldWrite}}</h2>
    <ul class="plain">{{#planned}}<li><strong>{{id}}</strong> <a href="/customers/{{customerURL}}">{{customer}}</a> <span class="pill l{{level}}">{{level}}</span> {{channelText}} · {{totalText}} · <span class="muted">{{invoices}}</span>
       · <a href="{{previewHref}}" target="_blank">{{w.preview}}</a>
      {{#warnings}}<div class="warn">⚠ {{.}}</div>{{/warnings}}</li>{{/planned}}</ul>
    <script>
    // Shortcuts only: the form works without them (each row sends its box, level and channel).
    document.getElementById('all').addEventListener('change', function (e) {
      document.querySelectorAll('#plan tbody input[type=checkbox]').forEach(function (b) { b.checked = e.target.checked; });
    });
    // All by e-mail / all by letter (e-mail only where the customer has an address).
    document.querySelectorAll('[data-all-channel]').forEach(function (b) {
      b.hidden = false;
      b.addEventListener('click', function () {
        var c = b.getAttribute('data-all-channel');
        document.querySelectorAll('#plan select.channel').forEach(function (s) {
          var o = s.querySelector('option[value="' + c + '"]');
          if (o && !o.disabled) { s.value = c; }
        });
      });
    });
    // One reminder goes by one channel: a choice is shown on the other invoices of the same reminder.
    document.querySelectorAll('#plan select.channel').forEach(function (s) {
      s.addEventListener('change', function () {
        var r = s.closest('tr').getAttribute('data-reminder');
        if (!r) { return; }
        document.querySelectorAll('#plan tr[data-reminder="' + r + '"] select.channel').forEach(function (o) { o.value = s.value; });
      });
    });
    // A level other than the one proposed is marked as chosen by hand, and its reminder goes by that level's channel.
    document.querySelectorAll('#plan select.level').forEach(function (s) {
      s.addEventListener('change', function () {
        var row = s.closest('tr');
        row.classList.toggle('byhand', s.value !== s.getAttribute('data-proposed'));
        var channel = s.options[s.selectedIndex].getAttribute('data-channel');
        var c = row.querySelector('select.channel');
        if (channel && c.querySelector('option[value="' + channel + '"]')) { c.value = channel; }
      });
    });
    </script>
    {{/hasLines}}
    {{^hasLines}}<p class="empty big-empty">{{w.nothingDue}}</p>{{/hasLines}}
    """

    static let history = """
    <h1>{{w.history}}</h1>
    <table class="data" id="history">
      <thead><tr><th>{{w.date}}</th><th>{{w.reminder}}</th><th>{{w.customer}}</th><th>{{w.level}}</th><th>{{w.channel}}</th><th>{{w.invoiceList}}</th><th>{{w.documents}}</th><th>{{w.delivery}}</th><th>{{w.note}}</th></tr></thead>
      <tbody>{{#items}}<tr><td class="date">{{date}}</td><td><a href="/reminder/{{idURL}}">{{id}}</a></td><td><a href="/customers/{{customerURL}}">{{customer}}</a></td>
        <td><span class="pill l{{level}}">{{levelText}}</span></td><td>{{channelText}}</td><td>{{invoices}}</td><td>{{#files}}<a href="{{href}}">{{label}}</a> {{/files}}</td><td>{{delivery}}</td><td class="muted">{{note}}</td></tr>{{/items}}
      {{^items}}<tr><td colspan="9" class="empty">{{w.noReminder}}</td></tr>{{/items}}</tbody>
    </table>
    <p class="links">{{w.printBatch}}:</p>
    <form method="post" action="/print"><input type="hidden" name="token" value="{{token}}"><button>{{w.printButton}}</button></form>
    """

    static let reminder = """
    <h1>{{w.reminder}} {{id}} <small class="muted">{{date}} · <a href="/customers/{{customerURL}}">{{customer}}</a></small></h1>
    {{#email}}<h2>{{w.email}}</h2><pre class="mail">{{email}}</pre>{{/email}}
    {{#letters}}<h2>{{w.letter}} <a href="{{href}}">{{label}}</a></h2><iframe class="pdf" src="{{href}}" title="{{label}}"></iframe>{{/letters}}
    """

    static let preview = """
    <h1>{{w.preview}} <small class="muted">{{invoices}}</small></h1>
    {{#items}}<h2>{{path}}</h2>{{#email}}<pre class="mail">{{email}}</pre>{{/email}}{{#pdf}}<iframe class="pdf" src="{{pdf}}" title="{{path}}"></iframe>{{/pdf}}{{/items}}
    {{^items}}<p class="empty">{{w.nothingDue}}</p>{{/items}}
    """

    static let problem = """
    <h1>{{heading}}</h1>
    {{#hint}}<p>{{hint}}</p>{{/hint}}
    <pre class="diagnostics">{{text}}</pre>
    """

    static let css = """
    :root { --ink:#1d2330; --muted:#6b7280; --line:#e5e7eb; --bg:#f6f7f9; --card:#fff; --accent:#2455d6; --late:#c2410c; --due:#b45309; --ok:#15803d; --held:#0e7490; }
    * { box-sizing: border-box; }
    body { margin:0; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; color:var(--ink); background:var(--bg); }
    header.top { display:flex; align-items:center; gap:24px; padding:10px 28px; background:#111827; color:#fff; }
    .brand { font-weight:700; font-size:17px; white-space:nowrap; }
    .brand .logo { display:inline-block; width:26px; height:26px; line-height:26px; text-align:center; border-radius:7px; background:var(--accent); margin-right:4px; }
    .brand .company { font-weight:400; color:#cbd5e1; margin-left:8px; font-size:14px; }
    nav { display:flex; gap:4px; flex:1; }
    nav a { color:#e5e7eb; text-decoration:none; padding:6px 12px; border-radius:6px; }
    nav a:hover { background:#1f2937; }
    nav a.current { background:#374151; color:#fff; }
    .asof { color:#cbd5e1; font-size:13px; white-space:nowrap; }
    main { max-width:1240px; margin:0 auto; padding:20px 28px 40px; }
    footer { text-align:center; color:var(--muted); font-size:12px; padding:20px; }
    h1 { font-size:24px; margin:6px 0 18px; }
    h2 { font-size:17px; margin:26px 0 10px; }
    a { color:var(--accent); }
    .muted { color:var(--muted); }
    small { font-weight:400; }
    .cards { display:grid; grid-template-columns: repeat(3, 1fr); gap:14px; }
    .card { background:var(--card); border:1px solid var(--line); border-radius:10px; padding:14px 18px; }
    .card .label { color:var(--muted); font-size:13px; text-transform:uppercase; letter-spacing:.04em; }
    .card .big, .big { font-size:28px; font-weight:700; font-variant-numeric: tabular-nums; }
    .card.warn .big { color:var(--late); }
    .card .sub { color:var(--muted); font-size:13px; }
    .two { display:grid; grid-template-columns: 3fr 2fr; gap:14px; margin-top:14px; }
    .panel { background:var(--card); border:1px solid var(--line); border-radius:10px; padding:6px 18px 14px; }
    .panel h2 { margin-top:12px; }
    table.data { width:100%; border-collapse:collapse; background:var(--card); border:1px solid var(--line); border-radius:10px; overflow:hidden; font-variant-numeric: tabular-nums; }
    table.data th { text-align:left; font-size:12px; text-transform:uppercase; letter-spacing:.03em; color:var(--muted); background:#fafafa; padding:9px 10px; border-bottom:1px solid var(--line); white-space:nowrap; }
    table.data th a { color:inherit; text-decoration:none; }
    table.data td { padding:8px 10px; border-bottom:1px solid var(--line); vertical-align:top; }
    table.data tbody tr:hover { background:#f9fafb; }
    table.data tfoot td { font-weight:700; background:#fafafa; }
    .num { text-align:right; white-space:nowrap; }
    th.num { text-align:right; }
    .strong { font-weight:600; }
    .state { font-size:12px; padding:2px 8px; border-radius:999px; background:#eef2ff; white-space:nowrap; }
    .state.late { background:#ffedd5; color:var(--late); }
    .state.due { background:#fef3c7; color:var(--due); }
    .state.held { background:#cffafe; color:var(--held); }
    .state.credit { background:#dcfce7; color:var(--ok); }
    .pill { display:inline-block; min-width:22px; text-align:center; font-size:12px; font-weight:700; padding:1px 7px; border-radius:999px; background:#e0e7ff; color:#3730a3; }
    .pill.l2 { background:#fef3c7; color:#92400e; } .pill.l3 { background:#ffedd5; color:#9a3412; } .pill.l4, .pill.l5 { background:#fee2e2; color:#991b1b; }
    .date { color:var(--muted); font-variant-numeric: tabular-nums; white-space:nowrap; }
    .filters { display:flex; flex-wrap:wrap; gap:12px; align-items:end; background:var(--card); border:1px solid var(--line); border-radius:10px; padding:10px 14px; margin-bottom:14px; }
    .filters label { display:flex; flex-direction:column; font-size:12px; color:var(--muted); gap:2px; }
    select, input, button { font:inherit; }
    select, input[type=text], input:not([type]) { padding:4px 6px; border:1px solid #cbd5e1; border-radius:6px; background:#fff; }
    button { padding:6px 14px; border-radius:6px; border:1px solid #cbd5e1; background:#fff; cursor:pointer; }
    button.primary, a.button { background:var(--accent); color:#fff; border-color:var(--accent); font-weight:600; padding:10px 20px; text-decoration:none; border-radius:8px; display:inline-block; }
    .actions { margin:16px 0; display:flex; justify-content:flex-end; }
    ul.timeline, ol.timeline, ul.plain { list-style:none; padding:0; margin:0; }
    .timeline li, ul.plain li { padding:7px 0; border-bottom:1px solid var(--line); }
    .empty { color:var(--muted); font-style:italic; }
    .big-empty { font-size:18px; padding:30px; text-align:center; background:var(--card); border-radius:10px; border:1px solid var(--line); }
    .message { border-radius:10px; padding:10px 16px; margin-bottom:16px; border:1px solid; }
    .message pre { white-space:pre-wrap; margin:6px 0 0; font-size:13px; }
    .message.ok { background:#f0fdf4; border-color:#86efac; }
    .message.refused { background:#fff7ed; border-color:#fdba74; }
    pre.diagnostics, pre.mail { background:#fff; border:1px solid var(--line); border-radius:10px; padding:14px; white-space:pre-wrap; font-size:13px; }
    iframe.pdf { width:100%; height:80vh; border:1px solid var(--line); border-radius:10px; background:#fff; }
    dl.contact { display:grid; grid-template-columns: 110px 1fr; gap:4px 10px; }
    dl.contact dt { color:var(--muted); }
    dl.contact dd { margin:0; }
    .warn { color:var(--late); }
    .why { color:var(--muted); font-size:13px; min-width:180px; }
    #plan td:nth-child(2), #plan td:nth-child(3), #plan td:nth-child(5), #status td:nth-child(-n+4), #history td:nth-child(-n+3), #history td:nth-child(6) { white-space:nowrap; }
    .pill { white-space:nowrap; }
    .handmark { display:none; margin-left:4px; color:var(--late); font-weight:700; }
    tr.byhand .handmark { display:inline; }
    tr.byhand select.level { border-color:var(--late); }
    select.level { max-width:13.5em; }
    #plan { font-size:14px; }
    #plan th, #plan td { padding-left:7px; padding-right:7px; }
    #plan .why { min-width:110px; font-size:12px; }
    .nowrap { white-space:nowrap; }
    .actions .shortcuts { margin-right:auto; }
    .noemail { display:inline-block; font-size:11px; font-weight:700; color:#fff; background:var(--late); border-radius:4px; padding:0 5px; margin-right:4px; }
    .notes { font-size:13px; }
    .links { font-size:14px; }
    svg text { font: 12px system-ui, "DejaVu Sans", sans-serif; fill:#374151; }
    @media (max-width: 900px) { .cards, .two { grid-template-columns: 1fr; } header.top { flex-wrap:wrap; } }
    """
}
