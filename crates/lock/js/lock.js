/* Branchlens: unlocks the customer-level content of an encrypted site in the browser.
 *
 * The build (crates/report/src/lock.rs) cut every customer-level fragment out of this page and
 * sealed the list with AES-256-GCM under a key from PBKDF2-HMAC-SHA256 (salt and iteration count
 * in #bl-lock, nonce and ciphertext in #bl-sealed); on the explorer page data/bundle.js holds the
 * sealed data bundle (BRANCHLENS_BUNDLE_SEALED). This script derives the key from the password
 * with WebCrypto, decrypts everything first and only then puts the fragments in place: a wrong
 * password shows nothing. The derived key (not the password) is kept in sessionStorage so the
 * other pages of the site open unlocked in this tab; "Lock again" forgets it.
 *
 * Classic script, no inline code, no network. Messages come from the page (data-msg-*), in the
 * page's language.
 */
(function () {
  'use strict';

  var box = document.getElementById('bl-lock');
  if (!box) return;
  var form = document.getElementById('bl-unlock');
  var input = document.getElementById('bl-password');
  var button = form ? form.querySelector('button') : null;
  var status = document.getElementById('bl-lock-status');
  var relock = document.getElementById('bl-relock');
  var sealed = document.getElementById('bl-sealed');
  var saltB64 = box.getAttribute('data-salt') || '';
  var iterations = parseInt(box.getAttribute('data-iterations') || '0', 10);
  var storeName = 'branchlens-key:' + saltB64;

  function msg(k) { return box.getAttribute('data-msg-' + k) || k; }

  function say(text, state, error) {
    if (status) {
      status.textContent = text;
      status.className = 'lock-status' + (error ? ' error' : '');
    }
    box.setAttribute('data-state', state);
  }

  function bytes(b64) {
    var s = atob(b64);
    var a = new Uint8Array(s.length);
    for (var i = 0; i < s.length; i++) a[i] = s.charCodeAt(i);
    return a;
  }

  function toB64(buf) {
    var a = new Uint8Array(buf);
    var s = '';
    for (var i = 0; i < a.length; i++) s += String.fromCharCode(a[i]);
    return btoa(s);
  }

  var store = null;
  try { store = window.sessionStorage; } catch (e) { store = null; }

  if (form) form.addEventListener('submit', function (e) { e.preventDefault(); });

  var subtle = window.crypto && window.crypto.subtle;
  if (!subtle || window.isSecureContext === false) {
    // WebCrypto exists only in secure contexts: file:// and https:// (and localhost), not a
    // plain-HTTP intranet address.
    if (input) input.disabled = true;
    if (button) button.disabled = true;
    say(msg('no-webcrypto'), 'no-webcrypto', true);
    return;
  }

  function derive(password) {
    return subtle.importKey('raw', new TextEncoder().encode(password), 'PBKDF2', false, ['deriveKey'])
      .then(function (base) {
        return subtle.deriveKey(
          { name: 'PBKDF2', salt: bytes(saltB64), iterations: iterations, hash: 'SHA-256' },
          base, { name: 'AES-GCM', length: 256 }, true, ['decrypt']);
      });
  }

  function open(key, iv, ct) {
    return subtle.decrypt({ name: 'AES-GCM', iv: bytes(iv) }, key, bytes(ct));
  }

  /* Decrypts the page's fragments (and the explorer bundle); rejects on a wrong key. */
  function decryptAll(key) {
    if (!sealed) return Promise.reject(new Error('#bl-sealed is missing'));
    var page = open(key, sealed.getAttribute('data-iv') || '', sealed.getAttribute('data-ct') || '');
    var b = window.BRANCHLENS_BUNDLE_SEALED;
    var bundle = (b && typeof b === 'object') ? open(key, b.iv, b.ct) : Promise.resolve(null);
    return Promise.all([page, bundle]).then(function (r) {
      return { fragments: JSON.parse(new TextDecoder().decode(r[0])), bundle: r[1] ? new Uint8Array(r[1]) : null };
    });
  }

  /* Puts each fragment in its place. The fragments are this site's own escaped template output;
   * they are parsed with DOMParser (scripts in it never run) and moved in, never as innerHTML. */
  function reveal(fragments) {
    var slots = document.querySelectorAll('.locked-slot[data-slot]');
    var parser = new DOMParser();
    for (var i = 0; i < slots.length; i++) {
      var slot = slots[i];
      var html = fragments[parseInt(slot.getAttribute('data-slot'), 10)];
      if (typeof html !== 'string') continue;
      var doc = parser.parseFromString('<!doctype html><body>' + html, 'text/html');
      var nodes = Array.prototype.slice.call(doc.body.childNodes);
      var parent = slot.parentNode;
      for (var j = 0; j < nodes.length; j++) parent.insertBefore(document.adoptNode(nodes[j]), slot);
      parent.removeChild(slot);
    }
  }

  function unlock(key, remembered) {
    return decryptAll(key).then(function (d) {
      reveal(d.fragments);
      if (d.bundle) window.BRANCHLENS_BUNDLE_BYTES = d.bundle;
      box.classList.add('unlocked');
      if (relock) relock.hidden = false;
      say(msg('unlocked'), 'unlocked', false);
      document.dispatchEvent(new CustomEvent('branchlens:unlocked'));
      if (store && !remembered) {
        subtle.exportKey('raw', key).then(function (raw) {
          try { store.setItem(storeName, toB64(raw)); } catch (e) { /* storage full or off */ }
        });
      }
      return true;
    }, function (e) {
      if (remembered) {
        // A stale key in this tab: forget it and ask.
        try { store.removeItem(storeName); } catch (x) { /* ignore */ }
        say('', 'locked', false);
      } else if (e && e.name === 'OperationError') {
        say(msg('wrong'), 'wrong', true);
      } else {
        say(msg('failed') + (e && e.message ? e.message : String(e)), 'error', true);
      }
      return false;
    });
  }

  if (form) {
    form.addEventListener('submit', function () {
      var password = input ? input.value : '';
      if (!password) return;
      if (button) button.disabled = true;
      say(msg('decrypting'), 'decrypting', false);
      derive(password).then(function (key) { return unlock(key, false); }, function (e) {
        say(msg('failed') + (e && e.message ? e.message : String(e)), 'error', true);
        return false;
      }).then(function (ok) {
        if (button) button.disabled = false;
        if (ok && input) input.value = '';
        else if (input) { input.select(); }
      });
    });
  }

  if (relock) {
    relock.addEventListener('click', function () {
      try { if (store) store.removeItem(storeName); } catch (e) { /* ignore */ }
      window.location.reload();
    });
  }

  say('', 'locked', false);
  var remembered = null;
  try { remembered = store ? store.getItem(storeName) : null; } catch (e) { remembered = null; }
  if (remembered) {
    subtle.importKey('raw', bytes(remembered), { name: 'AES-GCM' }, true, ['decrypt'])
      .then(function (key) { return unlock(key, true); }, function () { return false; });
  }
})();
