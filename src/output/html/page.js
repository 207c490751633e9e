(function(){
  var PAGE = +document.body.getAttribute('data-page') || 500;
  var items = Array.prototype.slice.call(document.querySelectorAll('#findings .finding'));
  var fileRows = Array.prototype.slice.call(document.querySelectorAll('table.files tr[data-file]'));
  var keys = ['rule', 'severity', 'file'];
  var sel = {};
  keys.forEach(function(k){ sel[k] = document.getElementById('f-' + k); });
  var count = document.getElementById('count');
  var more = document.getElementById('more');
  var none = document.getElementById('none');
  var limit = PAGE;
  var root = document.documentElement;
  var defaultLang = root.getAttribute('data-lang') || 'zh';
  var lang = defaultLang;
  function setLang(l){
    lang = (l === 'en' || l === 'zh') ? l : defaultLang;
    root.setAttribute('data-lang', lang);
    root.setAttribute('lang', lang);
    Array.prototype.forEach.call(document.querySelectorAll('[data-zh]'), function(el){
      el.textContent = el.getAttribute('data-' + lang);
    });
  }
  function text(name, values){
    var t = count.getAttribute('data-' + lang + '-' + name) || '';
    Object.keys(values).forEach(function(k){ t = t.split('{' + k + '}').join(String(values[k])); });
    return t;
  }
  function wanted(k){
    var v = sel[k].value;
    return v === '' ? null : v.split(',');
  }
  function apply(){
    var w = {}; keys.forEach(function(k){ w[k] = wanted(k); });
    var matched = 0, shown = 0;
    for (var i = 0; i < items.length; i++) {
      var el = items[i], ok = true;
      for (var j = 0; j < keys.length && ok; j++) {
        var k = keys[j];
        if (w[k] && w[k].indexOf(el.getAttribute('data-' + k)) < 0) ok = false;
      }
      if (ok) matched++;
      var show = ok && matched <= limit;
      el.hidden = !show;
      if (show) { el.setAttribute('data-visible', '1'); shown++; }
      else el.removeAttribute('data-visible');
    }
    fileRows.forEach(function(tr){
      tr.classList.toggle('selected', !!(w.file && w.file.indexOf(tr.getAttribute('data-file')) >= 0));
    });
    count.textContent = text('count', {matched: matched, total: items.length}) +
      (shown < matched ? text('showing', {shown: shown}) : '');
    document.body.setAttribute('data-matched', String(matched));
    more.hidden = shown >= matched;
    none.hidden = matched > 0;
  }
  function ensureOption(s, v){
    if (v === '') return;
    for (var i = 0; i < s.options.length; i++) if (s.options[i].value === v) return;
    var o = document.createElement('option'); o.value = v; o.textContent = v; s.appendChild(o);
  }
  function fromHash(){
    var p = {};
    location.hash.replace(/^#/, '').split('&').forEach(function(kv){
      if (!kv) return;
      var i = kv.indexOf('=');
      var k = decodeURIComponent(i < 0 ? kv : kv.slice(0, i));
      var v = i < 0 ? '' : decodeURIComponent(kv.slice(i + 1).replace(/\+/g, ' '));
      p[k] = v;
    });
    keys.forEach(function(k){
      var v = p[k] || '';
      ensureOption(sel[k], v);
      sel[k].value = v;
    });
    setLang(p.lang);
    limit = PAGE;
    apply();
  }
  function toHash(){
    var parts = [];
    keys.forEach(function(k){ if (sel[k].value) parts.push(k + '=' + encodeURIComponent(sel[k].value)); });
    if (lang !== defaultLang) parts.push('lang=' + lang);
    history.replaceState(null, '', parts.length ? '#' + parts.join('&') : location.pathname + location.search);
    limit = PAGE;
    apply();
  }
  keys.forEach(function(k){ sel[k].addEventListener('change', toHash); });
  more.addEventListener('click', function(){ limit += PAGE; apply(); });
  document.getElementById('lang-switch').addEventListener('click', function(){
    setLang(lang === 'zh' ? 'en' : 'zh');
    toHash();
  });
  window.addEventListener('hashchange', fromHash);
  fromHash();
  document.body.setAttribute('data-ready', '1');
})();
