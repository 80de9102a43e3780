'use strict';

// The status page: public health always; with a viewer's or an operator's credentials,
// /actuator/tcpserver polled every second and rates computed from successive totals; for an
// operator (the endpoint says so: canToggle), the keepRunning switch as well.
// Credentials live in this closure only: never in storage, the URL or a cookie.
// Every URL is relative: the page works wherever the actuator serves it (main or management port).
(() => {
	const POLL_MS = 1000;
	const WINDOW_MS = 60_000;
	const CHART_WIDTH = 600;
	const CHART_HEIGHT = 120;

	let authorization = null;
	let user = null;
	let status = null;
	let samples = [];
	let timer = null;

	const $ = (id) => document.getElementById(id);

	class Unauthorized extends Error {}

	class Forbidden extends Error {}

	function basicAuthorization(user, password) {
		const bytes = new TextEncoder().encode(user + ':' + password);
		let binary = '';
		bytes.forEach((b) => { binary += String.fromCharCode(b); });
		return 'Basic ' + btoa(binary);
	}

	// X-Requested-With makes Spring Security answer a bad password with a bare 401, not a
	// Basic challenge, so the browser shows no login dialog of its own over the page.
	async function tcpServer(method, body) {
		const headers = {
			'Accept': 'application/json',
			'Authorization': authorization,
			'X-Requested-With': 'XMLHttpRequest',
		};
		if (body !== undefined) {
			headers['Content-Type'] = 'application/json';
		}
		const response = await fetch('actuator/tcpserver', {
			method, headers, body: body && JSON.stringify(body), cache: 'no-store', credentials: 'omit',
		});
		if (response.status === 401) {
			throw new Unauthorized('wrong user or password');
		}
		if (response.status === 403) {
			throw new Forbidden('this user may not do that');
		}
		if (!response.ok) {
			throw new Error('the server answered ' + response.status);
		}
		return response.json();
	}

	async function refreshHealth() {
		const badge = $('service-status');
		try {
			const response = await fetch('actuator/health', { cache: 'no-store', credentials: 'omit' });
			const health = await response.json();
			setBadge(badge, health.status, health.status === 'UP' ? 'up'
				: health.status === 'OUT_OF_SERVICE' ? 'stopped' : 'down');
		}
		catch (error) {
			setBadge(badge, 'unreachable', 'down');
		}
	}

	async function poll() {
		timer = null;
		await refreshHealth();
		if (authorization) {
			try {
				show(await tcpServer('GET'));
			}
			catch (error) {
				if (error instanceof Unauthorized) {
					signOut('The credentials were refused: sign in again.');
					return;
				}
				$('updated').textContent = 'failed: ' + error.message;
			}
		}
		schedule();
	}

	function schedule() {
		if (!timer) {
			timer = setTimeout(poll, POLL_MS);
		}
	}

	function show(next) {
		if (!authorization) {
			return; // an answer that arrived after signing out
		}
		status = next;
		const now = Date.now();
		samples.push({ t: now, messagesIn: next.messagesIn, bytesIn: next.bytesIn });
		samples = samples.filter((s) => now - s.t <= WINDOW_MS + POLL_MS);

		const listening = next.listening;
		setBadge($('listener-state'), listening ? 'listening' : 'stopped', listening ? 'up' : next.keepRunning ? 'down' : 'stopped');
		$('address').textContent = next.bindAddress + ':' + next.port;
		$('keep-running').textContent = String(next.keepRunning);
		$('buffer-size').textContent = bytes(next.bufferSize);
		$('max-message').textContent = bytes(next.maxMessageBytes);
		$('total-connections').textContent = next.totalConnections.toLocaleString('en');
		const errors = Object.entries(next.errors);
		$('errors').textContent = errors.length ? errors.map(([cause, n]) => cause + ' ' + n).join(', ') : 'none';

		const toggle = $('toggle');
		toggle.hidden = !next.canToggle;
		$('viewer-note').hidden = next.canToggle;
		$('signed-in-as').textContent = user + (next.canToggle ? ' (operator)' : ' (viewer)');
		toggle.disabled = !next.canToggle;
		toggle.textContent = next.keepRunning ? 'Stop listening (keepRunning false)' : 'Listen again (keepRunning true)';
		toggle.className = next.keepRunning ? 'stop' : 'start';

		showConnections(next.connections);
		showRates();
		$('updated').textContent = new Date(now).toLocaleTimeString('en-GB');
	}

	function showConnections(connections) {
		const rows = connections.map((c) => {
			const row = document.createElement('tr');
			row.dataset.remotePort = String(c.remotePort);
			[c.remoteAddress + ':' + c.remotePort, new Date(c.connectedAt).toLocaleTimeString('en-GB'),
				c.messagesIn.toLocaleString('en'), c.messagesOut.toLocaleString('en'), bytes(c.bytesIn), bytes(c.bytesOut),
				c.clientCertificate || '']
				.forEach((text) => {
					const cell = document.createElement('td');
					cell.textContent = text;
					row.appendChild(cell);
				});
			return row;
		});
		$('connections').replaceChildren(...rows);
		$('open-count').textContent = String(connections.length);
		$('no-connections').hidden = connections.length > 0;
	}

	/** Rates between successive polls; the chart's x axis is the last minute, now at the right. */
	function showRates() {
		const rates = [];
		for (let i = 1; i < samples.length; i++) {
			const seconds = (samples[i].t - samples[i - 1].t) / 1000;
			rates.push({
				t: samples[i].t,
				frames: Math.max(0, samples[i].messagesIn - samples[i - 1].messagesIn) / seconds,
				bytes: Math.max(0, samples[i].bytesIn - samples[i - 1].bytesIn) / seconds,
			});
		}
		const latest = rates[rates.length - 1] || { frames: 0, bytes: 0 };
		$('frames-rate').textContent = Math.round(latest.frames).toLocaleString('en');
		$('bytes-rate').textContent = bytes(latest.bytes);
		$('frames-peak').textContent = Math.round(peak(rates, 'frames')).toLocaleString('en');
		$('bytes-peak').textContent = bytes(peak(rates, 'bytes'));
		const now = Date.now();
		$('frames-line').setAttribute('points', line(rates, 'frames', now));
		$('bytes-line').setAttribute('points', line(rates, 'bytes', now));
	}

	function peak(rates, key) {
		return Math.max(0, ...rates.map((r) => r[key]));
	}

	function line(rates, key, now) {
		const top = Math.max(1, peak(rates, key));
		return rates.map((r) => {
			const x = CHART_WIDTH * (1 - (now - r.t) / WINDOW_MS);
			const y = CHART_HEIGHT - 2 - (CHART_HEIGHT - 4) * (r[key] / top);
			return x.toFixed(1) + ',' + y.toFixed(1);
		}).join(' ');
	}

	async function toggle() {
		const button = $('toggle');
		button.disabled = true;
		$('toggle-error').textContent = '';
		try {
			show(await tcpServer('POST', { keepRunning: !status.keepRunning }));
			await refreshHealth();
		}
		catch (error) {
			button.disabled = false;
			if (error instanceof Unauthorized) {
				signOut('The credentials were refused: sign in again.');
				return;
			}
			$('toggle-error').textContent = error instanceof Forbidden
				? 'Could not switch: only an operator may.' : 'Could not switch: ' + error.message;
		}
	}

	async function signIn(event) {
		event.preventDefault();
		const password = $('password');
		user = $('user').value;
		authorization = basicAuthorization(user, password.value);
		password.value = '';
		$('login-error').textContent = '';
		try {
			show(await tcpServer('GET'));
		}
		catch (error) {
			authorization = null;
			user = null;
			$('login-error').textContent = error instanceof Unauthorized ? 'Wrong user or password.' : 'Sign-in failed: ' + error.message;
			return;
		}
		$('sign-in').hidden = true;
		$('details').hidden = false;
	}

	function signOut(reason) {
		authorization = null;
		user = null;
		status = null;
		samples = [];
		$('connections').replaceChildren();
		$('details').hidden = true;
		$('sign-in').hidden = false;
		$('login-error').textContent = typeof reason === 'string' ? reason : '';
		schedule();
	}

	function setBadge(badge, text, kind) {
		badge.textContent = text;
		badge.className = 'badge ' + kind;
	}

	function bytes(n) {
		const units = ['B', 'KiB', 'MiB', 'GiB'];
		let value = n;
		let unit = 0;
		while (value >= 1024 && unit < units.length - 1) {
			value /= 1024;
			unit++;
		}
		return (unit === 0 ? Math.round(value) : value.toFixed(1)) + ' ' + units[unit];
	}

	$('login-form').addEventListener('submit', signIn);
	$('toggle').addEventListener('click', toggle);
	$('sign-out').addEventListener('click', () => signOut());
	poll();
})();
