// The console's service worker (scope /console/): shows a page alerting pushed to this browser, answers for it as
// the signed-in person (the page's delivery receipt), and opens the alert when the notification is tapped. The test
// page a newly registered browser gets is shown too, and told to the console's tabs, but never answered for.
'use strict';

// The console's own pages only: a link elsewhere in a message opens the on-call page instead.
const CONSOLE = new URL('/console/', self.location.origin).href;
const ON_CALL = new URL('/console/on-call', self.location.origin).href;

function consoleLink(link) {
  try {
    const url = new URL(link, self.location.origin);
    return url.href.startsWith(CONSOLE) ? url.href : ON_CALL;
  } catch (e) {
    return ON_CALL;
  }
}

const wait = ms => new Promise(resolve => setTimeout(resolve, ms));

// The receipt goes through the console's API with the sign-in cookie, as the console answers for a live page. The
// console learns that a page was sent a moment after the push service has it: a 404 is asked again a few times.
// Signed out (401), nothing answers, and alerting goes on to the person's next channel.
async function answer(page) {
  for (const delay of [0, 2000, 5000, 10000]) {
    await wait(delay);
    try {
      const response = await fetch('/console/api/pages/' + encodeURIComponent(page.notificationId) + '/pushed', {
        method: 'POST', credentials: 'same-origin',
        headers: {'Content-Type': 'application/json', 'Accept': 'application/json', 'X-Console-Request': '1'},
        body: JSON.stringify({alertId: page.alertId})});
      if (response.status !== 404 && response.status < 500) return;
    } catch (e) { /* offline for now: try again */ }
  }
}

self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', event => event.waitUntil(self.clients.claim()));

// alerting's test page when this browser has just been registered for pages (PushChannel.CONFIRMATION).
const CONFIRMATION = 'SUBSCRIBED';

// Shown like a page, so the person sees what a page looks like here; not a page: nothing to answer for. The console's
// open tabs hear of it: that is how "Get pages on this device" learns that pages reach this browser.
function confirmed(message) {
  const shown = self.registration.showNotification(message.title || 'Ketamine monitoring', {
    body: message.body || 'Pages will arrive on this device',
    tag: 'push-subscribed',
    vibrate: [300, 100, 300],
    data: {link: consoleLink(message.link)}
  });
  const told = self.clients.matchAll({type: 'window', includeUncontrolled: true})
    .then(windows => windows.forEach(w => w.postMessage({type: 'push-subscribed'})));
  return Promise.all([shown, told]);
}

self.addEventListener('push', event => {
  let page = {};
  try { page = event.data ? event.data.json() : {}; } catch (e) { page = {}; }
  if (page.kind === CONFIRMATION) {
    event.waitUntil(confirmed(page));
    return;
  }
  const title = page.title || 'Ketamine monitoring: a page for you';
  const shown = self.registration.showNotification(title, {
    body: page.body || 'Open the console to see the alert.',
    tag: page.notificationId || undefined,
    renotify: !!page.notificationId,
    requireInteraction: true,
    vibrate: [300, 100, 300, 100, 300],
    data: {link: consoleLink(page.link), notificationId: page.notificationId, alertId: page.alertId}
  });
  // userVisibleOnly: every push shows a notification; only a shown page is answered for.
  event.waitUntil(shown.then(() => page.notificationId && page.alertId ? answer(page) : undefined));
});

self.addEventListener('notificationclick', event => {
  event.notification.close();
  const link = (event.notification.data && event.notification.data.link) || ON_CALL;
  event.waitUntil(self.clients.matchAll({type: 'window', includeUncontrolled: true}).then(windows => {
    const open = windows.find(w => w.url === link);
    if (open) return open.focus();
    const console = windows.find(w => w.url.startsWith(CONSOLE));
    if (console) return console.navigate(link).then(w => (w || console).focus());
    return self.clients.openWindow(link);
  }));
});
