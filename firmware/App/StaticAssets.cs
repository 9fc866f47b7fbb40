namespace NanoStack.Firmware.App
{
    /// <summary>
    /// The status page's stylesheet and script, served as /app.css and /app.js from constants (flash, not heap) with a
    /// long cache lifetime, so the page itself stays small enough for the HTTP server's response buffer.
    /// The script polls /api/status every 2 s, redraws the chart (frames/s, kB/s, RTT of the last minute from the
    /// board's sample ring) and drives the LED button; without it the page still shows everything once.
    /// </summary>
    public static class StaticAssets
    {
        public const string Css =
            "*{box-sizing:border-box}body{font:15px/1.45 system-ui,sans-serif;margin:0;background:#f3f5f8;color:#1d2430}"
            + "header{background:#1d2b3a;color:#fff;padding:.9em 1.2em}header h1{margin:0;font-size:1.35em}header small{color:#b9c6d6}"
            + "main{max-width:1400px;margin:0 auto;padding:1em;display:grid;gap:1em;grid-template-columns:repeat(auto-fit,minmax(320px,1fr))}"
            + "section{background:#fff;border-radius:8px;box-shadow:0 1px 3px #0002;padding:.8em 1em;overflow-x:auto}"
            + "section.wide{grid-column:1/-1}h2{font-size:1.05em;margin:.1em 0 .5em;color:#2b4a6a}"
            + "table{border-collapse:collapse;width:100%}td,th{padding:.25em .5em;border-bottom:1px solid #e6e9ee;text-align:left;font-variant-numeric:tabular-nums}"
            + "th{font-weight:600;color:#445}td.n{text-align:right}p.note{margin:.3em 0 .6em;color:#555;font-size:.9em}"
            + ".up{color:#087a2b;font-weight:600}.down{color:#b00;font-weight:600}small{color:#667}"
            + "button{font:inherit;padding:.35em 1.1em;border-radius:6px;border:1px solid #2b4a6a;background:#2b4a6a;color:#fff;cursor:pointer}"
            + "svg{width:100%;height:auto;background:#fafbfc;border:1px solid #e6e9ee;border-radius:6px}"
            + ".fps{stroke:#2b6cb0}.bps{stroke:#c05621}.rtt{stroke:#2f855a}polyline{fill:none;stroke-width:2}"
            + ".key span{margin-right:1em;font-size:.9em}.key i{display:inline-block;width:.9em;height:.25em;margin-right:.3em;vertical-align:middle}";

        public const string Js =
            "function draw(s){var g=document.getElementById('chart');if(!g||!s)return;"
            + "var k=[['framesPerSecond','fps'],['bytesPerSecond','bps'],['rttMs','rtt']];var h='';"
            + "for(var j=0;j<k.length;j++){var v=s[k[j][0]],m=1;for(var i=0;i<v.length;i++)if(v[i]>m)m=v[i];"
            + "var p=[];for(var i=0;i<v.length;i++)p.push((600-(v.length-1-i)*10)+','+(95-v[i]*85/m).toFixed(1));"
            + "h+='<polyline class=\"'+k[j][1]+'\" points=\"'+p.join(' ')+'\"/>';"
            + "var e=document.getElementById('max-'+k[j][1]);if(e)e.textContent=v.length?v[v.length-1]+' (max '+m+')':'-';}"
            + "g.innerHTML=h;}"
            + "function led(on){var b=document.getElementById('led-state');if(b)b.textContent=on?'on':'off';}"
            + "function poll(){fetch('/api/status').then(function(r){return r.json();}).then(function(j){draw(j.samples);led(j.led);"
            + "var u=document.getElementById('uptime');if(u)u.textContent=Math.floor(j.uptimeMs/1000)+' s';}).catch(function(){});}"
            + "document.addEventListener('DOMContentLoaded',function(){var b=document.getElementById('led-button');"
            + "if(b)b.addEventListener('click',function(){fetch('/api/led',{method:'POST',body:'toggle'}).then(function(r){return r.json();})"
            + ".then(function(j){led(j.led==='on');});});poll();setInterval(poll,2000);});";
    }
}
